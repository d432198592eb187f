package dev.faultline.agent.instrument.methods;

import dev.faultline.agent.bootstrap.MethodHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * The {@link MethodHook} the agent registers: each call of a configured method is one call of the endpoint named
 * after it ({@code com.acme.OrderService.place}), an error when it threw. Every call is measured, nested ones too.
 */
final class MethodTracer implements MethodHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;

  MethodTracer(IntervalRecorder recorder, LibraryGuard guard) {
    this.recorder = recorder;
    this.guard = guard;
  }

  @Override
  public void exit(String name, long startNanos, Throwable thrown) {
    if (!guard.active()) {
      return;
    }
    try {
      EndpointStats method = recorder.method(name);
      method.record(System.nanoTime() - startNanos, thrown != null);
      if (thrown != null) {
        recorder.exception(thrown, method.name());
      }
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }
}
