package dev.faultline.collector.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.testing.RunningCollector;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.collector.testing.TestFrames;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The query port's bounds: request size and time, page sizes with consistent cursors, strict parameters. */
@Timeout(30)
class QueryLimitsTest {

  private static final long TIMEOUT_MILLIS = 500;
  @TempDir static Path dataDir;
  private static Collector collector;
  private static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    collector = Collector.start(CollectorSettings.of(CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).wal(false).queryRequestTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
        .queryMaxRequestBytes(2048).queryMaxPageSize(3).build()));
    RunningCollector.feedFleet(collector); // 5 series
    collector.router().get("/api/v1/slow", List.of(), req -> {
      try {
        Thread.sleep(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the timeout cancels the task
      }
      return Map.of();
    });
  }

  @AfterAll
  static void stop() {
    collector.close();
  }

  /** One raw HTTP/1.1 exchange: the status line's code and the body. */
  private record Reply(int status, String body) {
    JsonNode json() throws Exception {
      return QueryLimitsTest.json.readTree(body);
    }
  }

  private static Reply raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", collector.queryAddress().getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = Integer.parseInt(all.substring(9, 12));
      return new Reply(code, all.substring(all.indexOf("\r\n\r\n") + 4));
    }
  }

  private static Reply get(String pathAndQuery) throws Exception {
    return raw("GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  private static JsonNode badParameter(String pathAndQuery, String parameter) throws Exception {
    Reply r = get(pathAndQuery);
    assertEquals(400, r.status(), r.body());
    assertEquals(parameter, r.json().path("parameter").asText(), r.body());
    assertTrue(r.json().path("error").asText().length() > 10, r.body());
    return r.json();
  }

  @Test
  void seriesArePagedWithACursorThatStaysConsistentWhileSeriesArrive() throws Exception {
    List<String> seen = new ArrayList<>();
    JsonNode page = get("/api/v1/series?limit=2").json();
    page.path("series").forEach(s -> seen.add(s.path("id").asText()));
    assertEquals(2, seen.size());
    // a series that sorts before the cursor arrives between two pages: it is neither repeated nor shifts others
    try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      agent.handshake(TestFrames.hello("early", "aaa", "aaa-1", "web-0"));
      agent.send(TestFrames.definitions("aaa_metric"));
      agent.send(TestFrames.batch(1, System.currentTimeMillis(), new int[] {0}, new double[] {1}));
      agent.read();
    }
    String cursor = page.path("next_cursor").asText();
    while (!cursor.isEmpty()) {
      page = get("/api/v1/series?limit=2&cursor=" + cursor).json();
      page.path("series").forEach(s -> seen.add(s.path("id").asText()));
      cursor = page.path("next_cursor").asText("");
    }
    assertEquals(5, seen.size(), seen.toString());
    assertEquals(seen.stream().sorted().toList(), seen, "pages are in id order, without repeats");
    JsonNode all = get("/api/v1/series?limit=3").json();
    assertEquals(3, all.path("series").size());
    assertTrue(all.path("next_cursor").isTextual());
  }

  @Test
  void pageSizesAreBoundedByTheConfiguredMaximum() throws Exception {
    JsonNode e = badParameter("/api/v1/series?limit=4", "limit");
    assertTrue(e.path("error").asText().contains("query.max-page-size"), e.toString());
    badParameter("/api/v1/series?limit=0", "limit");
    badParameter("/api/v1/series?limit=-1", "limit");
    badParameter("/api/v1/incidents?limit=99999999999999", "limit");
    badParameter("/api/v1/anomalies?limit=x", "limit");
    assertEquals(3, get("/api/v1/series").json().path("series").size(), "the default is capped too");
    badParameter("/api/v1/series?cursor=***", "cursor");
    badParameter("/api/v1/anomalies?cursor=bm90LWEtbnVtYmVy", "cursor");
  }

  @Test
  void unknownAndRepeatedParametersAreNamed() throws Exception {
    JsonNode e = badParameter("/api/v1/series?servce=checkout", "servce");
    assertTrue(e.path("error").asText().contains("accepted: cursor, host, limit, metric, service"), e.toString());
    badParameter("/api/v1/hosts?x=1", "x");
    badParameter("/api/v1/series?service=a&service=b", "service");
    badParameter("/api/v1/incidents/i-1?verbose=true", "verbose");
    badParameter("/api/v1/query?series=x&from=-99999999999999999d", "from");
    Reply r = get("/api/v1/series?service=%zz");
    assertEquals(400, r.status(), r.body());
    assertTrue(r.json().path("error").asText().contains("malformed"), r.body());
  }

  @Test
  void slowQueryIsAnswered503AtTheDeadlineWhileOthersStayFast() throws Exception {
    long start = System.nanoTime();
    Thread other = new Thread(() -> {
      try {
        Thread.sleep(100);
        long t = System.nanoTime();
        assertEquals(200, get("/healthz").status());
        assertTrue(System.nanoTime() - t < 300_000_000L, "healthz waited for the slow query");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    other.start();
    Reply r = get("/api/v1/slow");
    long millis = (System.nanoTime() - start) / 1_000_000;
    other.join();
    assertEquals(503, r.status(), r.body());
    assertTrue(r.json().path("error").asText().contains("query.request-timeout"), r.body());
    assertTrue(millis >= TIMEOUT_MILLIS && millis < TIMEOUT_MILLIS + 1500, millis + " ms");
  }

  @Test
  void requestThatTricklesInIsAnswered408AndClosed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", collector.queryAddress().getPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      InputStream in = s.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8); // ends when the server closes
      assertTrue(reply.startsWith("HTTP/1.1 408"), reply);
      assertTrue(reply.contains("query.request-timeout"), reply);
      assertTrue(System.nanoTime() - start < 3_000_000_000L);
    }
    try (Socket idle = new Socket("127.0.0.1", collector.queryAddress().getPort())) {
      idle.setSoTimeout(5000);
      assertEquals(-1, idle.getInputStream().read(), "a connection that never sends is closed");
    }
  }

  @Test
  void oversizedRequestsAreRefusedBySize() throws Exception {
    assertEquals(414, get("/api/v1/series?service=" + "x".repeat(3000)).status());
    Reply headers = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(3000) + "\r\n\r\n");
    assertEquals(431, headers.status(), headers.body());
    Reply body = raw("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n"
        + "z".repeat(5000));
    assertEquals(413, body.status(), body.body());
    assertEquals(200, get("/healthz").status(), "the port keeps serving");
  }

  @Test
  void everyRouteDeclaresItsParametersAsTheContractDocumentsThem() throws Exception {
    JsonNode paths = json.readTree(dev.faultline.collector.web.StaticAssets.dashboard().resolve("/openapi.json")
        .content()).path("paths");
    for (String path : collector.router().paths()) {
      if (path.equals("/api/v1/slow") || path.equals("/api/v1/events")) {
        continue;
      }
      java.util.Set<String> declared = collector.router().parameters(path);
      assertTrue(declared != null, path + " accepts any parameter: register it with its list");
      java.util.Set<String> documented = new java.util.TreeSet<>();
      paths.path(path).path("get").path("parameters").forEach(p -> {
        if (p.path("in").asText().equals("query")) {
          documented.add(p.path("name").asText());
        }
      });
      assertEquals(documented, new java.util.TreeSet<>(declared), path);
    }
    assertNull(collector.router().parameters("/api/v1/no-such-route"));
  }
}
