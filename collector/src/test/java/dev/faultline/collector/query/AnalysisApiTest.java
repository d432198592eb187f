package dev.faultline.collector.query;

import static dev.faultline.collector.testing.QueryHttp.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.testing.LiveScenario;
import dev.faultline.collector.testing.SharedCollector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The analysis routes over real HTTP, after {@link LiveScenario} went through the real ingest socket. */
@Timeout(30)
class AnalysisApiTest {

  @RegisterExtension static final SharedCollector shared = SharedCollector.empty();
  private static Collector collector;
  private static long jumpMillis;
  private static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    collector = shared.collector();
    jumpMillis = LiveScenario.feed(collector, System.currentTimeMillis());
  }

  private static JsonNode get(String pathAndQuery, int expectedStatus) {
    return getJson(collector.queryAddress(), pathAndQuery, expectedStatus);
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  @Test
  void anomaliesShowTheOpenLatencyJumpOnPayments() throws Exception {
    JsonNode open = get("/api/v1/anomalies?status=open&service=payments", 200).path("anomalies");
    assertEquals(1, open.size(), open.toString());
    JsonNode a = open.get(0);
    assertEquals("latency_p99_seconds{service=\"payments\",instance=\"payments-1\",host=\"node-payments\"}",
        a.path("series").asText());
    assertEquals("latency_p99_seconds", a.path("metric").asText());
    assertEquals("payments-1", a.path("instance").asText());
    assertTrue(a.path("end").isMissingNode() || a.path("end").isNull(), "no end while open");
    long start = Instant.parse(a.path("start").asText()).toEpochMilli();
    assertTrue(start >= jumpMillis && start <= jumpMillis + 10 * LiveScenario.STEP_MILLIS, a.toString());
    assertTrue(a.path("score").asDouble() >= 0.5, a.toString());
  }

  @Test
  void anomaliesFilterByServiceAndSince() throws Exception {
    assertEquals(0, get("/api/v1/anomalies?service=nosuch", 200).path("anomalies").size());
    long future = System.currentTimeMillis() / 1000 + 3600;
    JsonNode later = get("/api/v1/anomalies?since=" + future + "&service=payments", 200).path("anomalies");
    assertEquals(1, later.size(), "an open anomaly is open at any time since");
  }

  @Test
  void badParametersAreJsonErrorsNamingTheParameter() throws Exception {
    assertEquals("since", get("/api/v1/anomalies?since=yesterday", 400).path("parameter").asText());
    assertEquals("status", get("/api/v1/anomalies?status=closed", 400).path("parameter").asText());
    assertEquals("status", get("/api/v1/incidents?status=maybe", 400).path("parameter").asText());
    assertEquals("limit", get("/api/v1/incidents?limit=0", 400).path("parameter").asText());
    assertEquals("limit", get("/api/v1/incidents?limit=x", 400).path("parameter").asText());
    assertEquals("cursor", get("/api/v1/incidents?cursor=nonsense", 400).path("parameter").asText());
  }

  @Test
  void incidentsListTheOpenIncidentOnPayments() throws Exception {
    JsonNode page = get("/api/v1/incidents", 200);
    JsonNode inc = find(page.path("incidents"), "payments");
    assertEquals("open", inc.path("status").asText());
    assertTrue(inc.path("title").asText().startsWith("latency on "), inc.toString());
    assertTrue(inc.path("id").asText().matches("inc-\\d{8}-\\d{4}"), inc.toString());
    assertEquals("ranked", inc.path("rca").asText(), inc.toString());
    assertEquals("payments", inc.path("root_cause").path("service").asText(), inc.toString());
    assertEquals(0, get("/api/v1/incidents?status=resolved", 200).path("incidents").size());
  }

  @Test
  void incidentDetailHasTimelineAndRanking() throws Exception {
    String id = find(get("/api/v1/incidents?status=all", 200).path("incidents"), "payments").path("id").asText();
    JsonNode d = get("/api/v1/incidents/" + id, 200);
    assertEquals(id, d.path("id").asText());
    assertEquals("anomaly_start", d.path("timeline").get(0).path("event").asText());
    assertTrue(texts(d.path("timeline"), "service").contains("payments"));
    assertEquals("ranked", d.path("rca").asText());
    assertEquals("payments", d.path("ranking").get(0).path("service").asText(), d.path("ranking").toString());
    assertEquals("payments", d.path("ranking").get(0).path("path").get(0).asText());
    assertTrue(d.path("rca_run").path("runs").asInt() >= 1, d.toString());
    assertFalse(d.path("window").path("from").asText().isEmpty());
  }

  @Test
  void unknownIncidentIs404NamingTheId() throws Exception {
    JsonNode e = get("/api/v1/incidents/inc-20000101-9999", 404);
    assertEquals("id", e.path("parameter").asText());
    assertTrue(e.path("error").asText().contains("inc-20000101-9999"));
  }

  @Test
  void incidentPagesFollowTheCursor() throws Exception {
    int total = get("/api/v1/incidents?status=all&limit=500", 200).path("incidents").size();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = get("/api/v1/incidents?status=all&limit=1" + (cursor == null ? "" : "&cursor=" + cursor), 200);
      page.path("incidents").forEach(i -> seen.add(i.path("id").asText()));
      cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
    } while (cursor != null);
    assertEquals(total, seen.size());
    assertEquals(total, seen.stream().distinct().count());
  }

  @Test
  void topologyHasServicesEdgesAndTheAnomalousNode() throws Exception {
    JsonNode t = get("/api/v1/topology", 200);
    assertTrue(texts(t.path("nodes"), "id").containsAll(LiveScenario.SERVICES), t.toString());
    for (JsonNode n : t.path("nodes")) {
      if (n.path("id").asText().equals("payments")) {
        assertEquals("anomalous", n.path("state").asText());
        assertEquals("payments-1", n.path("instances").get(0).asText());
      }
    }
    List<String> edges = new ArrayList<>();
    t.path("edges").forEach(e -> edges.add(e.path("caller").asText() + "->" + e.path("callee").asText()));
    assertTrue(edges.containsAll(List.of("frontend->checkout", "checkout->payments")), edges.toString());
    assertEquals(0.01, t.path("edges").get(0).path("error_ratio").asDouble(), 1e-9);
    assertEquals(50.0, t.path("edges").get(0).path("calls_per_second").asDouble(), 1e-9);
  }

  private static JsonNode find(JsonNode incidents, String service) {
    for (JsonNode i : incidents) {
      if (texts(i.path("services"), "").isEmpty() || i.path("services").toString().contains("\"" + service + "\"")) {
        return i;
      }
    }
    throw new AssertionError("no incident on " + service + " in " + incidents);
  }
}
