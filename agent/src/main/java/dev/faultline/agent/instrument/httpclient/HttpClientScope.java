package dev.faultline.agent.instrument.httpclient;

import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * One outbound {@code HttpClient} call, completed by the response future (on whatever thread completes it).
 * An error is a 5xx response or a failed future.
 */
final class HttpClientScope implements BiConsumer<Object, Throwable> {

  private static final String[] CALLER_ONLY = {Propagation.CALLER_HEADER};
  private static final String[] CALLER_AND_TRACEPARENT = {Propagation.CALLER_HEADER, Propagation.TRACEPARENT};

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final CalleeEdges edges;
  private final URI uri;
  private final long startNanos;

  HttpClientScope(IntervalRecorder recorder, LibraryGuard guard, CalleeEdges edges, URI uri, long startNanos) {
    this.recorder = recorder;
    this.guard = guard;
    this.edges = edges;
    this.uri = uri;
    this.startNanos = startNanos;
  }

  /**
   * {@code request} with {@code x-faultline-caller} set to {@code caller} (the service, as a one-element list made
   * once) and, unless the application set its own (another tracer, say), {@code traceparent}: a
   * {@link PropagatingRequest} view, not a rebuilt copy.
   */
  @SuppressWarnings("unchecked")
  static HttpRequest withPropagation(HttpRequest request, List<String> caller, TraceContext context) {
    // A map lookup (the headers' map ignores case), not firstValue: that streams the value list on every call.
    List<String> own = request.headers().map().get(Propagation.TRACEPARENT);
    if (own == null || own.isEmpty()) {
      return new PropagatingRequest(request, CALLER_AND_TRACEPARENT,
          new List[] {caller, List.of(Propagation.traceparent(context))});
    }
    return new PropagatingRequest(request, CALLER_ONLY, new List[] {caller});
  }

  /** Completion of the response future. */
  @Override
  public void accept(Object response, Throwable failure) {
    try {
      long nanos = System.nanoTime() - startNanos;
      HttpResponse<?> answered = response instanceof HttpResponse ? (HttpResponse<?>) response : null;
      String peerService = answered != null ? first(answered, Propagation.SERVICE_HEADER) : null;
      CalleeEdges.Last callee = peerService != null ? edges.named(peerService) : edges.external(uri.getHost(),
          port(uri));
      int status = answered != null ? answered.statusCode() : -1;
      boolean error = failure != null || status >= 500;
      callee.edge.record(nanos, error);
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        recorder.exception(cause, callee.callee);
      }
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  /** The first value of {@code name}: a lookup in the headers' case-insensitive map, not firstValue's stream. */
  private static String first(HttpResponse<?> response, String name) {
    List<String> values = response.headers().map().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The port, defaulted from the scheme. */
  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
