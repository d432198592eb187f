package dev.faultline.collector.reload;

import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigLoader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Reloads the configuration file into a running collector: validates the whole file first (the same checks as at
 * start, {@code --check-config}), then lets each {@link Reloadable} part prepare and, only if all succeeded,
 * apply. Keys that can only change with a restart (addresses, storage, bounds) are compared with the running
 * configuration and named. One log line tells the outcome:
 *
 * <pre>
 * config reloaded from /etc/faultline/collector.yaml: detection.rules, notifications (2 targets); needs a restart: storage.retention
 * config reload from /etc/faultline/collector.yaml failed, keeping the running configuration: notifications.targets[0].url: ...
 * </pre>
 *
 * Reloads are serialised (synchronized); command-line overrides keep winning over the file.
 */
public final class ConfigReloader {

  private static final Logger log = Logger.getLogger(ConfigReloader.class.getName());

  private final Path file;
  private final Map<String, String> overrides;
  private final CollectorConfig running;
  private final List<Reloadable> parts;
  private final ReloadStatus status;
  private final LongSupplier clock;

  /**
   * @param file the configuration file the collector was started with
   * @param overrides the command-line overrides it was started with
   * @param running the configuration it runs with (restart-only keys are compared with it)
   * @param parts the reloadable parts; read at each reload, so parts added later take part
   */
  public ConfigReloader(Path file, Map<String, String> overrides, CollectorConfig running, List<Reloadable> parts,
      ReloadStatus status, LongSupplier clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.overrides = Map.copyOf(overrides);
    this.running = running;
    this.parts = parts;
    this.status = status;
    this.clock = clock;
  }

  /** Reloads; returns true when the new configuration was applied. Never throws for a bad file. */
  public synchronized boolean reload() {
    List<Reloadable.Plan> plans = new ArrayList<>();
    List<String> needsRestart = new ArrayList<>();
    try {
      CollectorConfig next = ConfigLoader.load(file, overrides);
      Map<String, String> now = running.values();
      next.values().forEach((key, value) -> {
        if (!value.equals(now.get(key))) {
          needsRestart.add(key);
        }
      });
      for (Reloadable part : List.copyOf(parts)) {
        plans.add(part.prepare(file));
      }
    } catch (ConfigException | IllegalArgumentException | UncheckedIOException e) {
      String why = e.getMessage();
      status.failure(clock.getAsLong(), why);
      log.warning(() -> "config reload from " + file + " failed, keeping the running configuration: " + why);
      return false;
    }
    List<String> reloaded = new ArrayList<>();
    for (Reloadable.Plan plan : plans) {
      plan.apply().run();
      reloaded.addAll(plan.reloaded());
      needsRestart.addAll(plan.needsRestart());
    }
    status.success(clock.getAsLong(), reloaded, needsRestart);
    log.info(() -> "config reloaded from " + file + ": "
        + (reloaded.isEmpty() ? "nothing to change" : String.join(", ", reloaded))
        + (needsRestart.isEmpty() ? "" : "; needs a restart to take effect: " + String.join(", ", needsRestart)));
    return true;
  }
}
