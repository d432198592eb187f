package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.Evidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyFamilyTest {
  private static Evidence q(String metric, double score) {
    return new Evidence(metric, "own-latency", score, score, null);
  }

  private static Evidence pooled(Evidence... members) {
    List<Evidence> out = new ArrayList<>(List.of(members));
    out.add(new Evidence("cpu_usage_ratio", "resource", 1.0, 2.0, null));
    LatencyFamily.pool(out, List.of("own-latency"));
    assertEquals(2, out.size(), "one latency evidence beside the resource one");
    return out.stream().filter(e -> e.kind().equals("own-latency")).findFirst().orElseThrow();
  }

  @Test
  void aShiftOfTheMedianCarriesTheWiderTailWithIt() {
    // A fixed delay on every request: many spreads at p50, few at p99 whose baseline is wider.
    Evidence e = pooled(q("latency_p99_seconds", 0.8), q("latency_p50_seconds", 2.4), q("latency_p90_seconds", 1.9));
    assertEquals(2.4, e.score(), 1e-9);
    assertEquals("latency_p50_seconds", e.subject());
  }

  @Test
  void aTailRisingAloneIsStillDilutedByTheQuietBody() {
    Evidence e = pooled(q("latency_p50_seconds", 0.1), q("latency_p90_seconds", 0.3), q("latency_p99_seconds", 2.7));
    assertEquals((0.1 + 0.3 + 2.7) / 3, e.score(), 1e-9);
    assertEquals("latency_p99_seconds", e.subject());
  }

  @Test
  void tailQuantilesDoNotLiftEachOther() {
    // p95 moved on a few slow requests; the quiet median carries nothing, so p99 keeps its own small score.
    Evidence e = pooled(q("latency_p50_seconds", 0.0), q("latency_p90_seconds", 0.3), q("latency_p95_seconds", 2.0),
        q("latency_p99_seconds", 0.5));
    assertEquals((0.0 + 0.3 + 2.0 + 0.5) / 4, e.score(), 1e-9);
  }

  @Test
  void aMeanKeepsItsOwnScoreAndQuantilesAreReadFromTransferredSubjects() {
    Evidence e = pooled(q("a->b client_latency_p50_seconds", 2.0), q("a->b client_latency_p90_seconds", 0.5),
        q("latency_mean_seconds", 0.2));
    assertEquals((2.0 + 2.0 + 0.2) / 3, e.score(), 1e-9);
    assertEquals(50, LatencyFamily.quantile(q("a->b client_latency_p50_seconds", 0)), 0);
    assertTrue(Double.isNaN(LatencyFamily.quantile(q("latency_mean_seconds", 0))));
  }
}
