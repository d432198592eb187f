package dev.faultline.agent.instrument;

import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.IntervalReport;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * What {@link Instrumenter#install} returns: the interval reports to drain, the state of each library, and
 * {@link #close} to take the instrumentation out again (at shutdown, and in tests).
 *
 * <pre>{@code
 * InstrumentationHandle handle = Instrumenter.install(inst, settings);
 * IntervalReport report = handle.drain(System.currentTimeMillis());   // each reporting interval
 * }</pre>
 */
public final class InstrumentationHandle implements AutoCloseable {

  private final Instrumentation instrumentation;
  private final IntervalRecorder recorder;
  private final List<Installed> installed;
  private final ResettableClassFileTransformer transformer;

  /** {@code transformer}: the one transformer of all {@code installed} libraries, null when there is none. */
  InstrumentationHandle(Instrumentation instrumentation, IntervalRecorder recorder, List<Installed> installed,
      ResettableClassFileTransformer transformer) {
    this.instrumentation = instrumentation;
    this.recorder = recorder;
    this.installed = List.copyOf(installed);
    this.transformer = transformer;
  }

  /** Everything recorded since the previous drain; call from the reporter thread only. */
  public IntervalReport drain(long nowMillis) {
    return recorder.drain(nowMillis);
  }

  /** Whether {@code library} is installed and has not failed. */
  public boolean active(String library) {
    for (Installed each : installed) {
      if (each.library.name().equals(library)) {
        return each.guard.active();
      }
    }
    return false;
  }

  /** Hook failures of {@code library} so far (recording errors swallowed to protect the application). */
  public long recordingFailures(String library) {
    for (Installed each : installed) {
      if (each.library.name().equals(library)) {
        return each.guard.recordingFailures();
      }
    }
    return 0;
  }

  /** Unregisters the hooks and removes the transformers (retransforming instrumented classes back). */
  @Override
  public void close() {
    for (Installed each : installed) {
      each.library.unregisterHook();
    }
    if (transformer != null) {
      transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }
    WeakTypePoolCache.INSTANCE.clear();
  }

  record Installed(LibraryInstrumentation library, LibraryGuard guard) {}
}
