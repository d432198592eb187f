package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** GETs JSON from the collector's query port; every failure becomes one {@link ClientException} line. */
final class QueryClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String address;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final ObjectMapper json = new ObjectMapper();

  /** A client of {@code settings.collector()}, sending {@code Authorization: Bearer} when a token is set. */
  QueryClient(ClientSettings settings) {
    this.address = settings.collector();
    this.token = settings.token();
  }

  String address() {
    return address;
  }

  /** GETs {@code path} with {@code params} (null values left out) and returns the parsed body of a 200. */
  JsonNode get(String path, Map<String, String> params) throws ClientException {
    URI uri;
    try {
      uri = URI.create("http://" + address + path + query(params));
    } catch (IllegalArgumentException e) {
      throw new ClientException("invalid collector address '" + address + "', expected HOST:PORT");
    }
    HttpResponse<String> response;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new ClientException("cannot reach the collector at " + address
          + " (is `faultline run` running? set --collector or FAULTLINE_COLLECTOR)");
    } catch (HttpTimeoutException e) {
      throw new ClientException("the collector at " + address + " did not answer within " + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw new ClientException("cannot talk to the collector at " + address + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted");
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new ClientException("the collector at " + address + " refused the request (HTTP " + response.statusCode()
          + "): " + (token == null ? "it needs a token; set --token, FAULTLINE_TOKEN or token: in the config file"
              : "the token was not accepted"));
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw new ClientException("the collector at " + address + " answered HTTP " + response.statusCode()
          + " with a body that is not JSON; is this the query port?");
    }
    if (response.statusCode() != 200) {
      String parameter = body.path("parameter").asText("");
      throw new ClientException(body.path("error").asText("HTTP " + response.statusCode())
          + (parameter.isEmpty() ? "" : " (parameter: " + parameter + ")"));
    }
    return body;
  }

  String pretty(JsonNode node) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      return node.toString();
    }
  }

  private static String query(Map<String, String> params) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((k, v) -> {
      if (v != null) {
        q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return q.toString();
  }
}
