package dev.faultline.collector.live.rca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.rca.faulttree.FaultTreeLoader;
import dev.faultline.collector.testing.PropagatingFault;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live pipeline end to end on a real collector: {@link PropagatingFault} goes through the ingest socket, the
 * detectors open an incident, the RCA thread ranks it with the offline analyser, the query port serves the ranking
 * and the event stream announces it; after a restart on the same data directory the ranking is still served.
 */
@Timeout(120)
class LiveRcaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TREES = """
      fault_trees:
        - name: checkout-slow
          top: checkout_slow
          gates:
            - {id: checkout_slow, type: OR, inputs: [payments_slow, checkout_cpu]}
          basic_events:
            - id: payments_slow
              probability: 0.05
              condition: {service: payments, metric: latency_p99_seconds, min_change: 3}
            - id: checkout_cpu
              probability: 0.1
              condition: {service: checkout, metric: cpu_usage_ratio, min_change: 3}
        - name: catalog-down
          top: catalog_errors
          basic_events:
            - {id: catalog_errors, probability: 0.01, condition: {service: catalog, metric: error_ratio}}
      """;

  @TempDir Path dataDir;

  private Collector start() throws Exception {
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir).build();
    RcaConfig rca = RcaConfig.defaults().withTimings(Duration.ofMillis(200), Duration.ofMinutes(10))
        .withFaultTrees(FaultTreeLoader.parse(TREES));
    return Collector.start(CollectorSettings.builder(config).rca(rca).build());
  }

  @Test
  void injectedFaultIsRankedFirstWithItsPathServedAnnouncedAndKeptAcrossARestart() throws Exception {
    String id;
    String analyzedAt;
    try (Collector collector = start()) {
      List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> rcaEvents(collector, events));
      Thread.sleep(200); // the subscriber is registered before the data arrives
      PropagatingFault.feed(collector, System.currentTimeMillis());
      assertTrue(collector.live().awaitRcaIdle(30, TimeUnit.SECONDS), "RCA did not finish");

      List<Incident> incidents = collector.live().incidents().list(i -> i.services().contains("payments"));
      assertEquals(1, incidents.size(), "one incident on payments: " + incidents);
      Incident incident = incidents.get(0);
      id = incident.id();
      assertNotNull(incident.rca(), "the incident was analysed");
      assertTrue(incident.rca().runs() >= 1);

      JsonNode detail = get(collector, "/api/v1/incidents/" + id);
      assertEquals("ranked", detail.path("rca").asText(), detail.toString());
      JsonNode top = detail.path("ranking").get(0);
      assertEquals(PropagatingFault.ROOT_CAUSE, top.path("service").asText(), detail.path("ranking").toString());
      assertEquals(List.of("payments", "checkout", "frontend"), texts(top.path("path")), top.toString());
      assertTrue(top.path("metric").asText().startsWith("latency"), top.toString());
      assertTrue(top.path("explanation").asText().contains("payments"), top.toString());
      JsonNode evidence = top.path("evidence").get(0);
      assertTrue(evidence.path("series").asText().contains("service=\"payments\""), evidence.toString());
      assertTrue(evidence.path("onset").isTextual(), evidence.toString());
      assertTrue(top.path("score").asDouble() > detail.path("ranking").get(1).path("score").asDouble());
      JsonNode trees = detail.path("fault_trees");
      assertEquals(1, trees.size(), "only the tree whose events were observed matches: " + trees);
      assertEquals("checkout-slow", trees.get(0).path("tree").asText());
      assertTrue(trees.get(0).path("top_event_occurred").asBoolean());
      assertEquals(List.of("payments_slow"), texts(trees.get(0).path("minimal_cut_sets").get(0).path("events")));

      JsonNode list = get(collector, "/api/v1/incidents?status=all");
      JsonNode entry = list.path("incidents").get(0);
      assertEquals(id, entry.path("id").asText());
      assertEquals("payments", entry.path("root_cause").path("service").asText(), entry.toString());

      String ours = "\"incident\":\"" + id + "\"";
      for (int i = 0; i < 100 && events.stream().noneMatch(e -> e.contains(ours)); i++) {
        Thread.sleep(100);
      }
      assertTrue(events.stream().anyMatch(e -> e.contains(ours) && e.contains("\"service\":\"payments\"")),
          "no rca event for " + id + ": " + events);
      reader.cancel(true);
      analyzedAt = detail.path("rca_run").path("analyzed_at").asText();
    }

    try (Collector restarted = start()) {
      JsonNode detail = get(restarted, "/api/v1/incidents/" + id);
      assertEquals("payments", detail.path("ranking").get(0).path("service").asText(), detail.toString());
      assertEquals(List.of("payments", "checkout", "frontend"), texts(detail.path("ranking").get(0).path("path")));
      assertEquals(analyzedAt, detail.path("rca_run").path("analyzed_at").asText(), "the stored analysis, not a new one");
      assertEquals("checkout-slow", detail.path("fault_trees").get(0).path("tree").asText());
    }
  }

  private static JsonNode get(Collector c, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + c.queryAddress().getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Adds the data line of each {@code rca} event on the collector's event stream to {@code events}, for 20 s. */
  private static void rcaEvents(Collector collector, List<String> events) {
    long deadline = System.currentTimeMillis() + 20_000;
    try (Socket s = new Socket("127.0.0.1", collector.queryAddress().getPort())) {
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      boolean rca = false;
      while (System.currentTimeMillis() < deadline) {
        String line;
        try {
          line = in.readLine();
        } catch (java.net.SocketTimeoutException e) {
          continue;
        }
        if (line == null) {
          break;
        }
        if (line.startsWith("event: ")) {
          rca = line.equals("event: rca");
        } else if (rca && line.startsWith("data: ")) {
          events.add(line.substring(6));
        }
      }
    } catch (Exception e) {
      events.add(e.toString());
    }
  }
}
