package dev.faultline.collector.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root-cause analysis kept with its incident: across the grouper's changes and across reopening the file. */
class IncidentStoreRcaTest {

  @TempDir Path dataDir;

  private static Incident incident(String title) {
    return new Incident("inc-20261127-0001", Incident.OPEN, title, 1000, 2000, null, List.of("payments"), List.of(),
        List.of("s"), List.of("latency"), List.of(1L), 2000, List.of());
  }

  private static RootCauseAnalysis analysis(String service) {
    RootCauseAnalysis.Cause cause = new RootCauseAnalysis.Cause(service, 4.5, "latency_p99_seconds",
        List.of(service, "checkout"), 900L, "why", List.of(new RootCauseAnalysis.EvidenceItem("latency_p99_seconds",
            "own-latency", "latency_p99_seconds{service=\"" + service + "\"}", 0.9, 12.5, 900L)));
    RootCauseAnalysis.FaultTreeMatch tree = new RootCauseAnalysis.FaultTreeMatch("t", true, Map.of("e", "x"),
        List.of(new RootCauseAnalysis.CutSet(List.of("e"), 0.1, 1.0, true)));
    return new RootCauseAnalysis(RootCauseAnalysis.RANKED, 5000, 0, 900L, List.of(cause), List.of(tree), "");
  }

  @Test
  void analysisSurvivesGrouperChangesAndAReopen() {
    try (IncidentStore store = IncidentStore.open(dataDir, 10)) {
      store.put(incident("latency on payments"));
      assertNull(store.attachRca("inc-unknown", analysis("payments")));
      assertEquals(1, store.attachRca("inc-20261127-0001", analysis("payments")).rca().runs());
      store.put(incident("latency on payments, checkout")); // the grouper knows nothing of RCA
      Incident kept = store.get("inc-20261127-0001");
      assertEquals("latency on payments, checkout", kept.title());
      assertEquals("payments", kept.rca().top().service());
      assertEquals(2, store.attachRca("inc-20261127-0001", analysis("checkout")).rca().runs());
    }
    try (IncidentStore reopened = IncidentStore.open(dataDir, 10)) {
      Incident i = reopened.get("inc-20261127-0001");
      assertEquals("checkout", i.rca().top().service());
      assertEquals(2, i.rca().runs());
      assertEquals(analysis("checkout").withRuns(2), i.rca());
    }
  }
}
