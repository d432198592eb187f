package dev.faultline.collector.cluster.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.cluster.InternalHop;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * GETs on another node's query port (series queries routed to the key's owner, fan-outs, the root-cause step's
 * history), over HTTP or HTTPS with the caller's or the internal token as {@link InternalHop} says. Short timeouts:
 * a dead analyzer must not hold a query for long. Messages name the URI, never the token.
 */
final class AnalyzerClient {

  /** An answer: the status and the JSON body (null when the body is not JSON). */
  record Answer(int status, JsonNode body, byte[] raw) {}

  private final InternalHop hop;
  private final HttpClient http;
  private final Duration timeout;

  AnalyzerClient(InternalHop hop, Duration timeout) {
    this.hop = hop;
    this.http = hop.client(Duration.ofSeconds(2));
    this.timeout = timeout;
  }

  /** GET {@code http(s)://host:port/path?params} on the node's own behalf (the internal token, if any). */
  Answer get(String host, int port, String path, Map<String, String> params) throws IOException {
    return get(host, port, path, params, null);
  }

  /**
   * GET {@code http(s)://host:port/path?params}.
   *
   * @param callerAuthorization the {@code Authorization} header of the request being forwarded, or null
   */
  Answer get(String host, int port, String path, Map<String, String> params, String callerAuthorization)
      throws IOException {
    StringJoiner query = new StringJoiner("&");
    params.forEach((k, v) -> query.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    URI uri = URI.create(hop.scheme() + "://" + host + ":" + port + path + (params.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    String authorization = hop.authorization(callerAuthorization);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body;
      try {
        body = ClusterJson.MAPPER.readTree(r.body());
      } catch (IOException e) {
        body = null;
      }
      return new Answer(r.statusCode(), body, r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + uri, e);
    }
  }
}
