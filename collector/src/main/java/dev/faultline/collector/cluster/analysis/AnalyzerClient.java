package dev.faultline.collector.cluster.analysis;

import com.fasterxml.jackson.databind.JsonNode;
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
 * GETs on another analyzer's query port (series queries routed to the key's owner, fan-outs, the root-cause step's
 * history). Short timeouts: a dead analyzer must not hold a query for long.
 */
final class AnalyzerClient {

  /** An answer: the status and the JSON body (null when the body is not JSON). */
  record Answer(int status, JsonNode body, byte[] raw) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Duration timeout;

  AnalyzerClient(Duration timeout) {
    this.timeout = timeout;
  }

  /** GET {@code http://host:port/path?params}. */
  Answer get(String host, int port, String path, Map<String, String> params) throws IOException {
    StringJoiner query = new StringJoiner("&");
    params.forEach((k, v) -> query.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    URI uri = URI.create("http://" + host + ":" + port + path + (params.isEmpty() ? "" : "?" + query));
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
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
