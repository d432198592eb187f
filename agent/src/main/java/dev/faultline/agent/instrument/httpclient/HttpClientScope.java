package dev.faultline.agent.instrument.httpclient;

import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;
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

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;
  private final URI uri;
  private final long startNanos;

  HttpClientScope(IntervalRecorder recorder, LibraryGuard guard, String service, URI uri, long startNanos) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
    this.uri = uri;
    this.startNanos = startNanos;
  }

  /**
   * {@code request} with {@code x-faultline-caller} set and, unless the application set its own (another tracer,
   * say), {@code traceparent}: a {@link PropagatingRequest} view, not a rebuilt copy.
   */
  static HttpRequest withPropagation(HttpRequest request, String service, TraceContext context) {
    // A map lookup (the headers' map ignores case), not firstValue: that streams the value list on every call.
    List<String> own = request.headers().map().get(Propagation.TRACEPARENT);
    if (own == null || own.isEmpty()) {
      return new PropagatingRequest(request, Propagation.CALLER_HEADER, service,
          Propagation.TRACEPARENT, Propagation.traceparent(context));
    }
    return new PropagatingRequest(request, Propagation.CALLER_HEADER, service);
  }

  /** Completion of the response future. */
  @Override
  public void accept(Object response, Throwable failure) {
    try {
      long nanos = System.nanoTime() - startNanos;
      String peerService = response instanceof HttpResponse
          ? ((HttpResponse<?>) response).headers().firstValue(Propagation.SERVICE_HEADER).orElse(null)
          : null;
      String callee = peerService != null ? peerService : hostPort(uri);
      PeerKind kind = peerService != null ? PeerKind.SERVICE : PeerKind.EXTERNAL;
      int status = response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : -1;
      boolean error = failure != null || status >= 500;
      recorder.edge(service, callee, kind, EdgeSide.CALLER, "").record(nanos, error);
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        recorder.exception(cause, callee);
      }
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  /** {@code host:port}, the port defaulted from the scheme. Visible for testing. */
  static String hostPort(URI uri) {
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return uri.getHost() + ':' + port;
  }
}
