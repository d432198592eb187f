package dev.faultline.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** A test's view of a collector's query port: GET a route, read JSON, wait until something shows up. */
public final class QueryPort {

  private static final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;
  private final String base;
  private final String token;

  public QueryPort(InetSocketAddress address) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
        "http://127.0.0.1:" + address.getPort(), null);
  }

  private QueryPort(HttpClient http, String base, String token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  /** The query port over HTTPS, trusting {@code tls}, sending {@code Authorization: Bearer token}. */
  public static QueryPort https(InetSocketAddress address, javax.net.ssl.SSLContext tls, String token) {
    // The connect timeout covers the TLS handshake, slow for a cold JVM on a busy machine.
    return new QueryPort(HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(15)).build(),
        "https://localhost:" + address.getPort(), token);
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** GETs {@code pathAndQuery} and parses the JSON body; fails on a non-200 answer. */
  public JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(15));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body());
  }

  /** Polls the series list until an element matches, or fails after {@code timeout} with the last list. */
  public JsonNode awaitSeries(String filterQuery, Predicate<JsonNode> match, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = get("/api/v1/series" + filterQuery).get("series");
      Optional<JsonNode> found = find(last, match);
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no matching series within " + timeout + " for " + filterQuery + "; last list: " + last);
  }

  private static Optional<JsonNode> find(JsonNode array, Predicate<JsonNode> match) {
    for (JsonNode element : array) {
      if (match.test(element)) {
        return Optional.of(element);
      }
    }
    return Optional.empty();
  }
}
