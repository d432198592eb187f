package dev.faultline.collector.reload;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A part of the collector whose settings can change while it runs. A reload is two-phase: every part first
 * {@link #prepare}s from the new file (reads and validates its section, changes nothing); only when all parts
 * succeeded does each plan's {@code apply} run. A bad file therefore changes nothing anywhere.
 *
 * <pre>{@code
 * collector.reloadables().add(file -> {
 *   Tokens next = Tokens.fromMap(ConfigLoader.section(file, "auth"));      // throws ConfigException when bad
 *   return next.equals(tokens.current()) ? Reloadable.Plan.unchanged()
 *       : new Reloadable.Plan(List.of("auth.tokens (" + next.size() + ")"), List.of(), () -> tokens.swap(next));
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Reloadable {

  /**
   * Reads and validates this part's settings in {@code file}, without side effects.
   *
   * @throws dev.faultline.collector.config.ConfigException naming the key when the new settings are invalid
   */
  Plan prepare(Path file);

  /**
   * What a reload of one part would do.
   *
   * @param reloaded what changes at {@code apply}, for the log line (keys or short phrases; never secrets)
   * @param needsRestart changed keys this part cannot apply while running
   * @param apply makes the change; runs only when every part prepared successfully
   */
  record Plan(List<String> reloaded, List<String> needsRestart, Runnable apply) {

    public Plan {
      reloaded = List.copyOf(reloaded);
      needsRestart = List.copyOf(needsRestart);
      Objects.requireNonNull(apply, "apply");
    }

    /** Nothing changed. */
    public static Plan unchanged() {
      return new Plan(List.of(), List.of(), () -> { });
    }
  }
}
