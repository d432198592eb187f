package dev.faultline.agent.instrument;

import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumented library: which types to transform, with which advice, and the hook the advice calls.
 * Implementations live one per sub-package, with their advice, tracer (the hook) and scope classes.
 */
public interface LibraryInstrumentation {

  /** The library name, as in {@link InstrumentationSettings#HTTP_SERVER}. */
  String name();

  /** The types to transform; keep it narrow (names first). */
  ElementMatcher<TypeDescription> typeMatcher();

  /**
   * Every class {@link #typeMatcher} may match and the advice may change, judged before byte-buddy describes a
   * class (by name, or by the method names in its class file): classes outside it are never shown to byte-buddy.
   */
  ClassCandidates candidates();

  /** The advice to apply, located through {@code adviceLoader} (the agent's loader). */
  AgentBuilder.Transformer transformer(ClassLoader adviceLoader);

  /**
   * Called once at installation, before {@link #registerHook}, for what only the agent's {@code Instrumentation}
   * can do (opening a JDK package to the agent, say). Must be cheap: it runs on the start-up path.
   */
  default void prepare(Instrumentation instrumentation) {}

  /**
   * What this library's first call would otherwise do on an application thread, done at installation on the
   * start-up thread when the library is already in use ({@link FirstUseWarmUp}); {@link FirstUse#NONE} by default.
   */
  default FirstUse firstUse() {
    return FirstUse.NONE;
  }

  /** Puts this library's hook into the bootstrap bridge. */
  void registerHook(IntervalRecorder recorder, LibraryGuard guard, InstrumentationSettings settings);

  /** Puts the no-op hook back. */
  void unregisterHook();
}
