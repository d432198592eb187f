package dev.faultline.agent.instrument.httpclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The application's request seen through a view that adds the propagation headers: everything but the headers
 * is read from the original. Cheaper than {@code HttpRequest.newBuilder(request, filter)...build()}, which copies
 * and re-validates every header twice (into the builder, then into the built request) and every other field once;
 * here the headers are merged once, and the client copies them into its own request as it always does.
 */
final class PropagatingRequest extends HttpRequest {

  private static final BiPredicate<String, String> ALL = (name, value) -> true;

  private final HttpRequest request;
  private final HttpHeaders headers;

  /** {@code extra}: header name/value pairs that replace the request's own values of the same name. */
  PropagatingRequest(HttpRequest request, String... extra) {
    this.request = request;
    Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    merged.putAll(request.headers().map());
    for (int i = 0; i < extra.length; i += 2) {
      merged.put(extra[i], List.of(extra[i + 1]));
    }
    this.headers = HttpHeaders.of(merged, ALL);
  }

  @Override
  public Optional<BodyPublisher> bodyPublisher() {
    return request.bodyPublisher();
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public Optional<Duration> timeout() {
    return request.timeout();
  }

  @Override
  public boolean expectContinue() {
    return request.expectContinue();
  }

  @Override
  public URI uri() {
    return request.uri();
  }

  @Override
  public Optional<HttpClient.Version> version() {
    return request.version();
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public String toString() {
    return request.toString();
  }
}
