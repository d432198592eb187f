package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.HttpExchange;
import dev.faultline.agent.bootstrap.HttpServerHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * The {@link HttpServerHook} the agent registers: hands each request to this thread's reusable
 * {@link HttpServerScope}. Reuse is safe because the call-depth guard admits one outermost request per thread,
 * and it keeps the request path allocation-free.
 */
final class HttpServerTracer implements HttpServerHook {

  private final LibraryGuard guard;
  private final ThreadLocal<HttpServerScope> scopes;

  HttpServerTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.guard = guard;
    this.scopes = ThreadLocal.withInitial(() -> new HttpServerScope(recorder, service));
  }

  @Override
  public Object enter(Object exchange) {
    if (!guard.active() || !(exchange instanceof HttpExchange)) {
      return null;
    }
    HttpServerScope scope = scopes.get();
    try {
      scope.start((HttpExchange) exchange, System.nanoTime());
      return scope;
    } catch (Throwable t) {
      scope.abandon();
      guard.recordingFailed(t);
      return null;
    }
  }

  @Override
  public void exit(Object scope, Throwable thrown) {
    if (scope instanceof HttpServerScope) {
      try {
        ((HttpServerScope) scope).end(thrown, System.nanoTime());
      } catch (Throwable t) {
        guard.recordingFailed(t);
      }
    }
  }
}
