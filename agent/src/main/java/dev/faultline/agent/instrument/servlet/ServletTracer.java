package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.ServerHook;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.PerThreadServerTracer;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * The servlet {@link ServerHook} the agent registers: hands each initial dispatch to the serving thread's reusable
 * {@link ServletScope} ({@link PerThreadServerTracer}, which also ends it). Every failure is caught here and counted
 * by the guard, never reaching the servlet.
 */
final class ServletTracer extends PerThreadServerTracer<ServletScope> implements ServerHook {

  private final IntervalRecorder recorder;
  private final String service;

  ServletTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    super(guard, CallDepth.SERVLET);
    this.recorder = recorder;
    this.service = service;
  }

  @Override
  public void enter(ThreadState thread, Object request, Object response) {
    if (!guard.active()) {
      return;
    }
    ServletScope scope = scopeOf(thread);
    try {
      ServletApi api = ServletApi.of(request);
      if (api == null || !api.initialDispatch(request)) {
        return;
      }
      scope.start(thread, api, request, response, System.nanoTime());
    } catch (Throwable t) {
      scope.abandon();
      guard.recordingFailed(t);
    }
  }

  @Override
  protected ServletScope newScope() {
    return new ServletScope(this, recorder, guard, service);
  }
}
