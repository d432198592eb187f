package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.HttpServerHook;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.ServerRequest;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.RouteFolder;
import java.lang.invoke.MethodHandles;

/**
 * The {@link HttpServerHook} the agent registers: hands each request to the serving thread's reusable
 * {@link HttpServerScope}, kept in the thread's {@link ThreadState} slot (no ThreadLocal of its own: the advice
 * already looked the state up). Reuse is safe because the call-depth guard admits one outermost request per
 * thread, and it keeps the request path allocation-free.
 */
final class HttpServerTracer implements HttpServerHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;

  HttpServerTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
  }

  /**
   * The first request's own work, recording nothing: initialises the scope classes and resolves the header-map
   * var handles with one lookup in an empty {@code Headers} (which spins their method-handle forms).
   */
  static void warmUp() throws IllegalAccessException {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    lookup.ensureInitialized(HttpServerScope.class);
    lookup.ensureInitialized(ServerRequest.class);
    lookup.ensureInitialized(RouteFolder.class);
    lookup.ensureInitialized(Propagation.class);
    RequestHeaderMaps.of(new Headers());
  }

  @Override
  public void enter(ThreadState thread, Object exchange) {
    if (!guard.active() || !(exchange instanceof HttpExchange)) {
      return;
    }
    HttpServerScope scope = scopeOf(thread);
    try {
      scope.start(thread, (HttpExchange) exchange, System.nanoTime());
    } catch (Throwable t) {
      scope.abandon();
      guard.recordingFailed(t);
    }
  }

  @Override
  public void exit(ThreadState thread, Throwable thrown) {
    Object scope = thread.scope(CallDepth.HTTP_SERVER);
    if (scope instanceof HttpServerScope && ((HttpServerScope) scope).started()) {
      try {
        ((HttpServerScope) scope).end(thrown, System.nanoTime());
      } catch (Throwable t) {
        guard.recordingFailed(t);
      }
    }
  }

  /** This thread's scope of this tracer: made on the thread's first request, or after another tracer's. */
  private HttpServerScope scopeOf(ThreadState thread) {
    Object slot = thread.scope(CallDepth.HTTP_SERVER);
    if (slot instanceof HttpServerScope && ((HttpServerScope) slot).owner() == this) {
      return (HttpServerScope) slot;
    }
    HttpServerScope scope = new HttpServerScope(this, recorder, service);
    thread.setScope(CallDepth.HTTP_SERVER, scope);
    return scope;
  }
}
