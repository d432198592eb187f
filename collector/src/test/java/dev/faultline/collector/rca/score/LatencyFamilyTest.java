package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyFamilyTest {
  /** Each member's rise in seconds, by subject. */
  private final Map<String, Double> rises = new TreeMap<>();

  private Evidence q(String metric, double score, double riseSeconds) {
    rises.put(metric, riseSeconds);
    return new Evidence(metric, "own-latency", score, score, null);
  }

  private Evidence pooled(Evidence... members) {
    List<Evidence> out = new ArrayList<>(List.of(members));
    out.add(new Evidence("cpu_usage_ratio", "resource", 1.0, 2.0, null));
    LatencyFamily.pool(out, List.of("own-latency"), e -> rises.get(e.subject()));
    assertEquals(2, out.size(), "one latency evidence beside the resource one");
    return out.stream().filter(e -> e.kind().equals("own-latency")).findFirst().orElseThrow();
  }

  @Test
  void aShiftOfTheWholeDistributionCountsAsTheMediansShift() {
    // +150 ms on every request: many spreads at p50, few at p99 whose baseline is wider.
    Evidence e = pooled(q("latency_p99_seconds", 0.8, 0.15), q("latency_p50_seconds", 2.4, 0.15),
        q("latency_p90_seconds", 1.9, 0.14));
    assertEquals(2.4, e.score(), 1e-9);
    assertEquals("latency_p50_seconds", e.subject());
  }

  @Test
  void aMedianThatMovedAloneDoesNotLiftTheTail() {
    // the slow mode of a bimodal distribution became the majority: p50 +1.8 s, the tail +0.1 s
    Evidence e = pooled(q("latency_p50_seconds", 2.4, 1.8), q("latency_p90_seconds", 0.3, 0.1),
        q("latency_p99_seconds", 0.1, 0.07));
    assertEquals((2.4 + 0.3 + 0.1) / 3, e.score(), 1e-9);
  }

  @Test
  void aTailRisingAloneIsStillDilutedByTheQuietMedian() {
    Evidence e = pooled(q("latency_p50_seconds", 0.1, 0.001), q("latency_p90_seconds", 0.3, 0.05),
        q("latency_p95_seconds", 2.0, 2.7), q("latency_p99_seconds", 0.5, 3.0));
    assertEquals((0.1 + 0.3 + 2.0 + 0.5) / 4, e.score(), 1e-9, "tail quantiles do not lift each other");
    assertEquals("latency_p95_seconds", e.subject());
  }

  @Test
  void aMeanKeepsItsOwnScoreAndQuantilesAreReadFromTransferredSubjects() {
    Evidence e = pooled(q("a->b client_latency_p50_seconds", 2.0, 0.1), q("a->b client_latency_p90_seconds", 0.5, 0.1),
        q("latency_mean_seconds", 0.2, 0.1));
    assertEquals((2.0 + 2.0 + 0.2) / 3, e.score(), 1e-9);
    assertEquals(50, LatencyFamily.quantile(q("a->b client_latency_p50_seconds", 0, 0)), 0);
    assertTrue(Double.isNaN(LatencyFamily.quantile(q("latency_mean_seconds", 0, 0))));
  }
}
