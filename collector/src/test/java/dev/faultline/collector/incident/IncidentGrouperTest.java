package dev.faultline.collector.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentGrouperTest {

  private static final long T0 = 1_795_000_000_000L; // 2026-11-18
  private static final long MIN = 60_000;

  private final IncidentGrouper grouper =
      new IncidentGrouper(Duration.ofMinutes(2), Duration.ofMinutes(5), EntityRelation.NONE, 1);
  private long nextId = 1;

  private AnomalyEvent start(String service, String host, String metric, long t) {
    return new AnomalyEvent(nextId++, metric + "{" + service + "}", service, host, metric, t, 0.9, false);
  }

  private static AnomalyEvent end(AnomalyEvent s, long t) {
    return new AnomalyEvent(s.anomalyId(), s.series(), s.service(), s.host(), s.metric(), t, 0.9, true);
  }

  @Test
  void oneFaultOnRelatedEntitiesIsOneIncident() {
    // payments slows down; checkout (same host) and frontend (calls checkout) follow
    IncidentGrouper g = new IncidentGrouper(Duration.ofMinutes(2), Duration.ofMinutes(5),
        (a, b) -> a.equals("checkout") && b.equals("frontend") || a.equals("frontend") && b.equals("checkout"), 1);
    Incident first = g.onAnomaly(start("payments", "node-2", "latency_p99_seconds", T0));
    Incident second = g.onAnomaly(start("checkout", "node-2", "error_ratio", T0 + 30_000));
    Incident third = g.onAnomaly(start("frontend", "node-1", "error_ratio", T0 + 60_000));
    assertEquals(first.id(), second.id());
    assertEquals(first.id(), third.id());
    assertEquals("inc-20261118-0001", third.id());
    assertEquals(List.of("payments", "checkout", "frontend"), third.services());
    assertEquals("latency and errors on payments, checkout, frontend", third.title());
    assertEquals(3, third.timeline().size());
    assertEquals(1, g.open().size());
  }

  @Test
  void unrelatedAnomaliesFarApartAreTwoIncidents() {
    Incident a = grouper.onAnomaly(start("payments", "node-3", "latency_p99_seconds", T0));
    Incident b = grouper.onAnomaly(start("search", "node-9", "jvm_heap_used_bytes", T0 + 30 * MIN));
    assertNotEquals(a.id(), b.id());
    assertEquals("inc-20261118-0002", b.id());
    assertEquals("memory on search", b.title());
  }

  @Test
  void unrelatedAnomaliesAtTheSameTimeAreTwoIncidents() {
    Incident a = grouper.onAnomaly(start("payments", "node-3", "latency_p99_seconds", T0));
    Incident b = grouper.onAnomaly(start("search", "node-9", "latency_p99_seconds", T0 + 1000));
    assertNotEquals(a.id(), b.id());
  }

  @Test
  void relatedAnomalyAfterTheWindowOpensANewIncidentOnceTheFirstIsQuiet() {
    AnomalyEvent s = start("payments", "node-3", "latency_p99_seconds", T0);
    grouper.onAnomaly(s);
    grouper.onAnomaly(end(s, T0 + MIN));
    Incident later = grouper.onAnomaly(start("payments", "node-3", "error_ratio", T0 + 10 * MIN));
    // still unresolved (no tick yet) but the new start is past the window and on another series
    assertEquals("inc-20261118-0002", later.id());
  }

  @Test
  void resolvesOnlyAfterTheQuietPeriod() {
    AnomalyEvent s = start("payments", "node-3", "latency_p99_seconds", T0);
    Incident opened = grouper.onAnomaly(s);
    assertEquals(List.of(), grouper.tick(T0 + 60 * MIN), "an open anomaly keeps the incident open");
    Incident ended = grouper.onAnomaly(end(s, T0 + 3 * MIN));
    assertEquals(Incident.OPEN, ended.status());
    assertEquals("anomaly_end", ended.timeline().get(1).event());
    assertEquals(List.of(), grouper.tick(T0 + 7 * MIN), "4 min quiet < 5 min");
    List<Incident> resolved = grouper.tick(T0 + 8 * MIN);
    assertEquals(1, resolved.size());
    assertEquals(opened.id(), resolved.get(0).id());
    assertEquals(Incident.RESOLVED, resolved.get(0).status());
    assertEquals(T0 + 8 * MIN, resolved.get(0).resolvedAtMillis());
    assertTrue(grouper.open().isEmpty());
  }

  @Test
  void flappingSeriesStaysInOneIncident() {
    String id = null;
    long t = T0;
    for (int i = 0; i < 20; i++) {
      AnomalyEvent s = new AnomalyEvent(nextId++, "latency{payments}", "payments", "node-3", "latency_p99", t, 0.8,
          false);
      Incident inc = grouper.onAnomaly(s);
      id = id == null ? inc.id() : id;
      assertEquals(id, inc.id());
      grouper.onAnomaly(end(s, t + 30_000));
      assertEquals(List.of(), grouper.tick(t + 3 * MIN));
      t += 4 * MIN; // more than the window apart, less than the quiet period
    }
    assertEquals(1, grouper.open().size());
    assertEquals(40, grouper.open().iterator().next().timeline().size());
  }

  @Test
  void endOfAnUnknownAnomalyChangesNothing() {
    assertNull(grouper.onAnomaly(new AnomalyEvent(99, "s", "x", "h", "m", T0, 1, true)));
  }

  @Test
  void restoredOpenIncidentResolvesAfterQuietAndKeepsItsId() {
    Incident opened = grouper.onAnomaly(start("payments", "node-3", "latency_p99_seconds", T0));
    IncidentGrouper restarted = new IncidentGrouper(Duration.ofMinutes(2), Duration.ofMinutes(5),
        EntityRelation.NONE, 2);
    restarted.restore(opened);
    assertEquals(List.of(), restarted.tick(T0 + 4 * MIN));
    assertEquals(opened.id(), restarted.tick(T0 + 5 * MIN).get(0).id());
  }

  @Test
  void titleNamesHostsWhenNoServiceIsInvolved() {
    assertEquals("saturation on host web-1",
        grouper.onAnomaly(start("", "web-1", "host_cpu_usage_ratio", T0)).title());
  }
}
