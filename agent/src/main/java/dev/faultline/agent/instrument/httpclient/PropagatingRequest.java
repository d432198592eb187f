package dev.faultline.agent.instrument.httpclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The application's request seen through a view that adds the propagation headers: everything but the headers
 * is read from the original. Cheaper than {@code HttpRequest.newBuilder(request, filter)...build()}, which copies
 * and re-validates every header twice (into the builder, then into the built request) and every other field once;
 * here the headers are copied once, by {@code HttpHeaders.of} over a {@link HeadersWithExtras} view (no merged
 * copy before it), and the client copies them into its own request as it always does.
 */
final class PropagatingRequest extends HttpRequest {

  private static final BiPredicate<String, String> ALL = (name, value) -> true;

  private final HttpRequest request;
  private final HttpHeaders headers;

  /**
   * {@code names[i]} (lower case) set to {@code values[i]}, replacing the request's own values of the same name
   * (any case).
   */
  PropagatingRequest(HttpRequest request, String[] names, List<String>[] values) {
    this.request = request;
    this.headers = HttpHeaders.of(new HeadersWithExtras(request.headers().map(), names, values), ALL);
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
