package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.ServerHook;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * The servlet {@link ServerHook} the agent registers: hands each initial dispatch to the serving thread's reusable
 * {@link ServletScope}, kept in the thread's {@link ThreadState} slot. Every failure is caught here and counted by
 * the guard, never reaching the servlet.
 */
final class ServletTracer implements ServerHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;

  ServletTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
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
  public void exit(ThreadState thread, Throwable thrown) {
    Object scope = thread.scope(CallDepth.SERVLET);
    if (scope instanceof ServletScope && ((ServletScope) scope).started()) {
      try {
        ((ServletScope) scope).end(thrown, System.nanoTime());
      } catch (Throwable t) {
        guard.recordingFailed(t);
      }
    }
  }

  /** This thread's scope of this tracer: made on the thread's first request, or after another tracer's. */
  private ServletScope scopeOf(ThreadState thread) {
    Object slot = thread.scope(CallDepth.SERVLET);
    if (slot instanceof ServletScope && ((ServletScope) slot).owner() == this) {
      return (ServletScope) slot;
    }
    ServletScope scope = new ServletScope(this, recorder, guard, service);
    thread.setScope(CallDepth.SERVLET, scope);
    return scope;
  }
}
