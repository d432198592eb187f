package dev.faultline.collector.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.testing.SharedCollector;
import dev.faultline.collector.web.StaticAssets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event stream and the dashboard's static files on a real query port. */
@Timeout(20)
class EventsAndAssetsTest {

  @RegisterExtension static final SharedCollector shared = SharedCollector.empty();
  private static Collector collector;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    collector = shared.collector();
  }

  private static HttpResponse<byte[]> get(String path, Map<String, String> headers, String method) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + collector.queryAddress().getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void subscriberReceivesAnAnomalyEvent() throws Exception {
    try (Socket s = new Socket("127.0.0.1", collector.queryAddress().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
      StringBuilder head = new StringBuilder();
      for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
        head.append(line.toLowerCase()).append('\n');
      }
      assertTrue(head.toString().contains("content-type: text/event-stream"), head.toString());
      assertTrue(head.toString().contains("transfer-encoding: chunked"), head.toString());
      collector.live().opened(SeriesKey.of("error_ratio", Map.of(), "checkout", "checkout-1", "web-1"),
          System.currentTimeMillis(), 0.9);
      String event = null;
      String data = null;
      for (String line = in.readLine(); line != null && data == null; line = in.readLine()) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      assertEquals("anomaly", event);
      assertTrue(data.contains("\"service\":\"checkout\""), data);
    }
  }

  @Test
  void dashboardPageIsServedWithSecurityAndCacheHeaders() throws Exception {
    HttpResponse<byte[]> r = get("/", Map.of(), "GET");
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
    assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(""));
    assertEquals(StaticAssets.CONTENT_SECURITY_POLICY, r.headers().firstValue("content-security-policy").orElse(""));
    assertEquals(StaticAssets.CACHE_CONTROL, r.headers().firstValue("cache-control").orElse(""));
    assertEquals(StaticAssets.dashboard().resolve("/").content().length, r.body().length);
    String etag = r.headers().firstValue("etag").orElseThrow();
    HttpResponse<byte[]> again = get("/", Map.of("If-None-Match", etag), "GET");
    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
  }

  @Test
  void scriptsHaveTheirTypeAndHeadHasNoBody() throws Exception {
    HttpResponse<byte[]> r = get("/js/app.js", Map.of(), "HEAD");
    assertEquals(200, r.statusCode());
    assertEquals("text/javascript; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
    assertEquals(0, r.body().length);
  }

  @Test
  void openApiDocumentIsServedUnderTheApi() throws Exception {
    HttpResponse<byte[]> r = get("/api/v1/openapi.json", Map.of(), "GET");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("\"openapi\""));
  }

  @Test
  void unknownFilesAndApiPathsAre404() throws Exception {
    assertEquals(404, get("/js/nosuch.js", Map.of(), "GET").statusCode());
    assertEquals(404, get("/../pom.xml", Map.of(), "GET").statusCode());
    HttpResponse<byte[]> api = get("/api/v1/nosuch", Map.of(), "GET");
    assertEquals(404, api.statusCode());
    assertTrue(new String(api.body(), StandardCharsets.UTF_8).contains("\"error\""));
  }
}
