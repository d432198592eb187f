package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.HttpServerHook;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.PerThreadServerTracer;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.ServerRequest;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.RouteFolder;
import java.lang.invoke.MethodHandles;

/**
 * The {@link HttpServerHook} the agent registers: hands each request to the serving thread's reusable
 * {@link HttpServerScope} ({@link PerThreadServerTracer}, which also ends it, allocation-free).
 */
final class HttpServerTracer extends PerThreadServerTracer<HttpServerScope> implements HttpServerHook {

  private final IntervalRecorder recorder;
  private final String service;

  HttpServerTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    super(guard, CallDepth.HTTP_SERVER);
    this.recorder = recorder;
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
  protected HttpServerScope newScope() {
    return new HttpServerScope(this, recorder, service);
  }
}
