package dev.faultline.collector.live.rca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.store.SeriesStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the live store around an incident becomes the offline analyser's input. */
class IncidentHistoryTest {

  private static final long T0 = 1_795_000_000_000L; // a multiple of 10 s
  private static final long STEP = 10_000;

  private final SeriesStore store = new SeriesStore(24 * 3_600_000L, 1L << 30, 100_000, () -> T0);

  private void feed(String service, String instance, String host, String metric, String type,
      Map<String, String> labels, int points, java.util.function.IntToDoubleFunction value) {
    SeriesRef ref = new SeriesRef(dev.faultline.collector.model.SeriesKey.of(metric, labels, service, instance, host),
        type, "");
    SeriesRef[] refs = new SeriesRef[points];
    long[] ts = new long[points];
    double[] values = new double[points];
    for (int i = 0; i < points; i++) {
      refs[i] = ref;
      ts[i] = T0 + i * STEP + 3_000; // reported 3 s into each step
      values[i] = value.applyAsDouble(i);
    }
    AgentInfo agent = new AgentInfo("a-" + instance, service, instance, host, 1, "jvm", "17", "0.1", 0);
    store.append(new DecodedBatch(agent, 1, 0, points, refs, ts, values, List.of(), List.of(), List.of()));
  }

  private static Incident incident(List<String> services, long openedMillis, long lastActivityMillis,
      List<Long> open) {
    return new Incident("inc-1", Incident.OPEN, "t", openedMillis, openedMillis, null, services, List.of(), List.of(),
        List.of("latency"), open, lastActivityMillis, List.of());
  }

  private static EdgeTable.Edge edge(String caller, String callee, String kind) {
    return new EdgeTable.Edge(caller, callee, kind, 10, 0, 1.0, Double.NaN, 0, 0);
  }

  @Test
  void buildsOneGridSeriesPerServiceAndMetricWithTopologyAndPlacement() {
    for (String s : List.of("frontend", "checkout", "payments", "unrelated")) {
      feed(s, s + "-1", "node-" + s, "latency_p99_seconds", "gauge", Map.of(), 100, i -> 0.1);
    }
    feed("payments", "payments-2", "node-p2", "latency_p99_seconds", "gauge", Map.of(), 100, i -> i >= 90 ? 0.9 : 0.1);
    feed("payments", "payments-1", "node-payments", "request_rate", "rate", Map.of(), 100, i -> 5);
    feed("payments", "payments-2", "node-p2", "request_rate", "rate", Map.of(), 100, i -> 7);
    feed("payments", "payments-1", "node-payments", "jvm_gc_collections_total", "counter", Map.of(), 100, i -> 4 * i);
    feed("payments", "payments-1", "node-payments", "latency_p99_seconds", "gauge", Map.of("endpoint", "/pay"), 100,
        i -> 5);
    feed("payments", "payments-1", "node-payments", "process_uptime_seconds", "gauge", Map.of(), 100, i -> i * 10);
    feed("", "", "node-payments", "host_cpu_usage_ratio", "gauge", Map.of(), 100, i -> 0.3);

    Map<SeriesKey, String> ids = new HashMap<>();
    long opened = T0 + 90 * STEP + 3_000;
    RcaInput in = IncidentHistory.build(incident(List.of("payments"), opened, opened, List.of(1L)), store,
        List.of(edge("frontend", "checkout", "service"), edge("checkout", "payments", "service"),
            edge("payments", "payments-db", "database")),
        RcaConfig.defaults(), ids);

    assertEquals(10, in.stepSeconds());
    assertEquals(100, in.timestampsSeconds().length, "30 min of baseline reaches back past the first sample");
    assertEquals((T0 + 10_000) / 1000, in.timestampsSeconds()[0], "a sample at t+3 s belongs to the step ending t+10 s");
    assertEquals(opened / 1000, in.incidentStartSeconds());
    double[] latency = in.series().get(new SeriesKey("payments", "latency_p99_seconds"));
    assertEquals(0.1, latency[0], 1e-9);
    assertEquals(0.9, latency[95], 1e-9, "the worst instance, not the per-endpoint series");
    assertEquals(12, in.series().get(new SeriesKey("payments", "request_rate"))[50], 1e-9, "rates add up");
    double[] gc = in.series().get(new SeriesKey("payments", "jvm_gc_collections_total"));
    assertEquals(0.4, gc[50], 1e-9, "a counter becomes its increase per second");
    assertTrue(Double.isNaN(gc[0]), "no rate before the second sample");
    assertEquals(0.3, in.series().get(new SeriesKey("payments", "host_cpu_usage_ratio"))[50], 1e-9,
        "the host's metrics count for the service placed on it");
    assertNull(in.series().get(new SeriesKey("payments", "process_uptime_seconds")), "uptime is no evidence");
    assertTrue(in.series().containsKey(new SeriesKey("frontend", "latency_p99_seconds")), "two hops up");
    assertTrue(in.series().keySet().stream().noneMatch(k -> k.service().equals("unrelated")));
    assertTrue(in.topology().hasCall("checkout", "payments") && in.topology().hasCall("payments", "payments-db"));
    assertEquals("node-payments", in.topology().hostOf("payments"));
    assertTrue(ids.get(new SeriesKey("payments", "latency_p99_seconds")).startsWith("latency_p99_seconds{service=\"payments\""));
  }

  @Test
  void theWindowEndsTwoMinutesAfterTheLastAnomalyOrAtTheNewestSample() {
    feed("payments", "payments-1", "node-p", "latency_p99_seconds", "gauge", Map.of(), 200, i -> 0.1);
    long opened = T0 + 100 * STEP;
    RcaInput quiet = IncidentHistory.build(incident(List.of("payments"), opened, opened + 30_000, List.of()), store,
        List.of(), RcaConfig.defaults(), new HashMap<>());
    long last = quiet.timestampsSeconds()[quiet.timestampsSeconds().length - 1];
    assertEquals((opened + 30_000 + IncidentHistory.TAIL_MILLIS) / 1000, last,
        "a later, unrelated fault stays out of an incident that went quiet");
    long recent = T0 + 195 * STEP;
    RcaInput ongoing = IncidentHistory.build(incident(List.of("payments"), opened, recent, List.of(7L)), store,
        List.of(), RcaConfig.defaults(), new HashMap<>());
    assertEquals((T0 + 200 * STEP) / 1000, ongoing.timestampsSeconds()[ongoing.timestampsSeconds().length - 1],
        "up to the newest sample when the incident is active");
  }

  @Test
  void noHistoryIsNoInput() {
    feed("payments", "payments-1", "node-p", "latency_p99_seconds", "gauge", Map.of(), 3, i -> 0.1);
    assertNull(IncidentHistory.build(incident(List.of("payments"), T0, T0, List.of()), store, List.of(),
        RcaConfig.defaults(), new HashMap<>()));
    assertNull(IncidentHistory.build(incident(List.of("nobody"), T0, T0, List.of()), store, List.of(),
        RcaConfig.defaults(), new HashMap<>()));
  }

  @Test
  void theNeighbourhoodIsCappedWithTheIncidentsOwnServicesFirst() {
    List<EdgeTable.Edge> star = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      star.add(edge("gateway", "svc-" + i, "service"));
    }
    var services = IncidentHistory.neighbourhood(incident(List.of("svc-7", "svc-9"), T0, T0, List.of()), star,
        Map.of(), 5);
    assertEquals(5, services.size());
    assertArrayEquals(new String[] {"svc-7", "svc-9", "gateway"}, services.stream().limit(3).toArray());
  }
}
