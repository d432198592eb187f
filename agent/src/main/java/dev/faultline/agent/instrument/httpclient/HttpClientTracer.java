package dev.faultline.agent.instrument.httpclient;

import dev.faultline.agent.bootstrap.HttpClientHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link HttpClientHook} the agent registers. A call may end on another thread, so each gets its own
 * {@link HttpClientScope} (the client allocates far more per call than this).
 */
final class HttpClientTracer implements HttpClientHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final List<String> caller;
  private final CalleeEdges edges;

  HttpClientTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.caller = List.of(service);
    this.edges = new CalleeEdges(recorder, service);
  }

  /**
   * The first call's own work, recording nothing: the propagation headers added to a request that is never sent
   * (the wrapping request and header classes, their lambdas, the trace-id formatting).
   */
  static void warmUp() {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
    HttpClientScope.withPropagation(request, List.of("warm-up"), Propagation.outbound()).headers().map().size();
  }

  @Override
  public Object enter(Object request) {
    if (!guard.active() || !(request instanceof HttpRequest)) {
      return null;
    }
    try {
      return new HttpClientScope(recorder, guard, edges, ((HttpRequest) request).uri(), System.nanoTime());
    } catch (Throwable t) {
      guard.recordingFailed(t);
      return null;
    }
  }

  @Override
  public Object request(Object scope, Object request) {
    if (!(scope instanceof HttpClientScope)) {
      return request;
    }
    try {
      return HttpClientScope.withPropagation((HttpRequest) request, caller, Propagation.outbound());
    } catch (Throwable t) {
      guard.recordingFailed(t);
      return request;
    }
  }

  @Override
  public void exit(Object scope, Object future, Throwable thrown) {
    if (!(scope instanceof HttpClientScope)) {
      return;
    }
    HttpClientScope call = (HttpClientScope) scope;
    if (thrown != null || !(future instanceof CompletableFuture)) {
      call.accept(null, thrown);
    } else {
      // A side branch: the application keeps the original future, with its cancellation semantics.
      ((CompletableFuture<?>) future).whenComplete(call);
    }
  }
}
