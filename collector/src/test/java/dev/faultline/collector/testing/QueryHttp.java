package dev.faultline.collector.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain-HTTP requests to a collector's query port on 127.0.0.1, bounded in time, with the answers read as JSON.
 * Unchecked throughout so that the calls serve inside {@link Polling#await} conditions too.
 */
public final class QueryHttp {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private QueryHttp() {}

  /** {@code http://127.0.0.1:<port><pathAndQuery>} for the query port at {@code address}. */
  public static URI url(InetSocketAddress address, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + address.getPort() + pathAndQuery);
  }

  /** Sends {@code method} without a body and returns the answer whatever its status. */
  public static HttpResponse<String> send(String method, URI url) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + url, e);
    }
  }

  /** GETs {@code url} and returns the answer whatever its status. */
  public static HttpResponse<String> get(URI url) {
    return send("GET", url);
  }

  /** GETs {@code pathAndQuery} from the query port at {@code address}, whatever the answer's status. */
  public static HttpResponse<String> get(InetSocketAddress address, String pathAndQuery) {
    return get(url(address, pathAndQuery));
  }

  /** GETs {@code url}, asserts the status and a JSON content type, and returns the body as JSON. */
  public static JsonNode getJson(URI url, int expectedStatus) {
    HttpResponse<String> r = get(url);
    assertEquals(expectedStatus, r.statusCode(), url + ": " + r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"),
        url + " content type: " + r.headers().firstValue("content-type"));
    return json(r);
  }

  /** As {@link #getJson(URI, int)} for {@code pathAndQuery} on the query port at {@code address}. */
  public static JsonNode getJson(InetSocketAddress address, String pathAndQuery, int expectedStatus) {
    return getJson(url(address, pathAndQuery), expectedStatus);
  }

  /** As {@link #getJson(InetSocketAddress, String, int)}, expecting 200. */
  public static JsonNode getJson(InetSocketAddress address, String pathAndQuery) {
    return getJson(address, pathAndQuery, 200);
  }

  /** The answer's body read as JSON. */
  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }
}
