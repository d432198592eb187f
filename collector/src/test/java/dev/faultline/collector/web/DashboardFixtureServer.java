package dev.faultline.collector.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A stand-in for the collector's query port: serves the dashboard through {@link StaticAssets} and answers the
 * API routes with fixtures shaped like the real API (see {@code openapi.json}). The event stream sends one
 * {@code anomaly} event and ends, and from then on the anomaly list includes that anomaly, as a collector would.
 * (It must end: headless Chromium's virtual clock stands still while a response is open, so an endless stream
 * would stall {@code --virtual-time-budget}. Against a real collector, load the page with {@code ?live=poll}.)
 *
 * <pre>{@code
 * try (DashboardFixtureServer server = DashboardFixtureServer.start()) {
 *   URI page = server.uri("/");
 * }
 * }</pre>
 */
final class DashboardFixtureServer implements AutoCloseable {

  private static final String FIXTURES = "dev/faultline/collector/web/fixtures/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long STEP_MILLIS = 15_000;
  private static final Pattern ANALYSIS_ROUTES = Pattern.compile("/api/v1/(topology|incidents|anomalies|events)");

  private final HttpServer server;
  private final StaticAssets assets = StaticAssets.dashboard();
  private final AtomicBoolean eventSent = new AtomicBoolean();
  private final AtomicInteger streamRequests = new AtomicInteger();

  private final boolean analysis;

  private DashboardFixtureServer(HttpServer server, boolean analysis) {
    this.server = server;
    this.analysis = analysis;
  }

  /** Binds 127.0.0.1 on a free port and starts serving every route. */
  static DashboardFixtureServer start() throws IOException {
    return start(true);
  }

  /**
   * Like {@link #start()}; with {@code analysis} false the routes that the collector does not have yet
   * (topology, incidents, anomalies, events) answer 404, as the collector's query port does today.
   */
  static DashboardFixtureServer start(boolean analysis) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    DashboardFixtureServer fixture = new DashboardFixtureServer(http, analysis);
    http.createContext("/", fixture::handle);
    http.start();
    return fixture;
  }

  URI uri(String pathAndFragment) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndFragment);
  }

  /** How many times a page opened the event stream. */
  int streamRequests() {
    return streamRequests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
      if (!analysis && ANALYSIS_ROUTES.matcher(path).lookingAt()) {
        sendJson(exchange, 404, JSON.createObjectNode().put("error", "no route " + path));
      } else if (path.equals("/api/v1/events")) {
        events(exchange);
      } else if (path.startsWith("/api/") || path.equals("/healthz")) {
        api(exchange, path, query);
      } else {
        StaticAssets.Asset asset = assets.resolve(path);
        if (asset == null) {
          send(exchange, 404, "text/plain; charset=utf-8", ("no file " + path).getBytes(StandardCharsets.UTF_8));
        } else {
          exchange.getResponseHeaders().set("Cache-Control", StaticAssets.CACHE_CONTROL);
          // The headers the query server is asked to send, so that the test proves the page works under them.
          exchange.getResponseHeaders().set("Content-Security-Policy", StaticAssets.CONTENT_SECURITY_POLICY);
          exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
          exchange.getResponseHeaders().set("ETag", asset.etag());
          send(exchange, 200, asset.contentType(), asset.content());
        }
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  private void api(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
    JsonNode body;
    switch (path) {
      case "/healthz": body = fixture("healthz.json"); break;
      case "/api/v1/topology": body = fixture("topology.json"); break;
      case "/api/v1/incidents": body = incidents(query.getOrDefault("status", "open")); break;
      case "/api/v1/anomalies": body = anomalies(query.get("service")); break;
      case "/api/v1/services": body = fixture("services.json"); break;
      case "/api/v1/hosts": body = fixture("hosts.json"); break;
      case "/api/v1/series": body = SyntheticSeries.list(query.get("service"), query.get("host")); break;
      case "/api/v1/query": body = query(query); break;
      default:
        body = path.startsWith("/api/v1/incidents/") ? incident(path.substring("/api/v1/incidents/".length())) : null;
    }
    if (body == null) {
      sendJson(exchange, 404, JSON.createObjectNode().put("error", "no route or object " + path));
    } else {
      sendJson(exchange, 200, body);
    }
  }

  private JsonNode incidents(String status) {
    ObjectNode all = (ObjectNode) fixture("incidents.json");
    if (!status.equals("all")) {
      ArrayNode kept = JSON.createArrayNode();
      all.withArray("incidents").forEach(i -> {
        if (i.path("status").asText().equals(status)) kept.add(i);
      });
      all.set("incidents", kept);
    }
    return all;
  }

  private JsonNode incident(String id) {
    return id.matches("[a-z0-9-]+") && resource("incident-" + id + ".json") != null
        ? fixture("incident-" + id + ".json") : null;
  }

  private JsonNode anomalies(String service) {
    ObjectNode all = (ObjectNode) fixture("anomalies.json");
    ArrayNode list = all.withArray("anomalies");
    if (eventSent.get()) {
      list.add(fixture("anomaly-event.json"));
    }
    ArrayNode kept = JSON.createArrayNode();
    list.forEach(a -> {
      if (service == null || a.path("service").asText().equals(service)) kept.add(a);
    });
    all.set("anomalies", kept);
    return all;
  }

  /** Like the collector's {@code /api/v1/query}: {series, from, to, samples: [[epochMillis, value], ...]}. */
  private JsonNode query(Map<String, String> query) {
    String id = query.get("series");
    long now = System.currentTimeMillis();
    long to = time(query.get("to"), now);
    long from = time(query.get("from"), to - 15 * 60_000L);
    ObjectNode body = JSON.createObjectNode().put("series", id)
        .put("from", Instant.ofEpochMilli(from).toString()).put("to", Instant.ofEpochMilli(to).toString());
    ArrayNode samples = body.putArray("samples");
    List<long[]> anomalies = SyntheticSeries.anomalyPeriods(fixture("anomalies.json"), id);
    for (long t = from - Math.floorMod(from, STEP_MILLIS) + STEP_MILLIS; t <= to; t += STEP_MILLIS) {
      samples.addArray().add(t).add(SyntheticSeries.value(id, t, anomalies));
    }
    return body;
  }

  /** Sends one anomaly event, then ends the stream (the page then polls). */
  private void events(HttpExchange exchange) throws IOException {
    streamRequests.incrementAndGet();
    String data = JSON.writeValueAsString(fixture("anomaly-event.json"));
    byte[] body = ("retry: 600000\n\n: fixture stream\n\nevent: anomaly\ndata: " + data + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
    eventSent.set(true);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, 200, "text/event-stream; charset=utf-8", body);
  }

  private static long time(String text, long now) {
    if (text == null || text.equals("now")) return now;
    if (text.startsWith("-")) {
      long amount = Long.parseLong(text.substring(1, text.length() - 1));
      char unit = text.charAt(text.length() - 1);
      return now - amount * (unit == 'm' ? 60_000L : unit == 'h' ? 3_600_000L : unit == 'd' ? 86_400_000L : 1000L);
    }
    return Instant.parse(text).toEpochMilli();
  }

  private static JsonNode fixture(String name) {
    try (InputStream in = resource(name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    return DashboardFixtureServer.class.getClassLoader().getResourceAsStream(FIXTURES + name);
  }

  private static Map<String, String> parameters(String rawQuery) {
    Map<String, String> result = new LinkedHashMap<>();
    if (rawQuery == null) return result;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        result.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return result;
  }

  private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
