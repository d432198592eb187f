package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.bootstrap.ServerHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * The servlet {@link ServerHook} the agent registers: hands each initial dispatch to this thread's reusable
 * {@link ServletScope}. Every failure is caught here and counted by the guard, never reaching the servlet.
 */
final class ServletTracer implements ServerHook {

  private final LibraryGuard guard;
  private final ThreadLocal<ServletScope> scopes;

  ServletTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.guard = guard;
    this.scopes = ThreadLocal.withInitial(() -> new ServletScope(recorder, guard, service));
  }

  @Override
  public Object enter(Object request, Object response) {
    if (!guard.active()) {
      return null;
    }
    ServletScope scope = scopes.get();
    try {
      ServletApi api = ServletApi.of(request);
      if (api == null || !api.initialDispatch(request)) {
        return null;
      }
      scope.start(api, request, response, System.nanoTime());
      return scope;
    } catch (Throwable t) {
      scope.abandon();
      guard.recordingFailed(t);
      return null;
    }
  }

  @Override
  public void exit(Object scope, Throwable thrown) {
    if (scope instanceof ServletScope) {
      try {
        ((ServletScope) scope).end(thrown, System.nanoTime());
      } catch (Throwable t) {
        guard.recordingFailed(t);
      }
    }
  }
}
