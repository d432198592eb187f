package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.MetricKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TailSpikesTest {
  private static final int PRE = 60;
  private static final int POST = 15;

  /** A p99 series at 1.0 s with a small alternating wobble, and the post window from {@link #PRE} on. */
  private static double[] p99(double postLevel) {
    double[] v = new double[PRE + POST];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i < PRE ? 1.0 : postLevel) + (i % 2 == 0 ? 0.05 : -0.05);
    }
    return v;
  }

  @Test
  void twoSlowRequestSpikesScoreHighButDoNotLast() {
    double[] v = p99(1.0);
    v[PRE + 3] = 4.0;
    v[PRE + 9] = 5.0;
    SeriesChange c = new RobustChangeScore(240).score(v, PRE, v.length, MetricKind.LATENCY);
    assertTrue(c.z() > 20, "the robust score reads the second spike: " + c.z());
    double lasting = TailSpikes.lastingZ(v, PRE, v.length, c.median(), c.scale());
    assertTrue(lasting < 1, "half the post points sit in the baseline's band: " + lasting);
  }

  @Test
  void aTailThatStaysUpKeepsItsRise() {
    double[] v = p99(2.0);
    SeriesChange c = new RobustChangeScore(240).score(v, PRE, v.length, MetricKind.LATENCY);
    double lasting = TailSpikes.lastingZ(v, PRE, v.length, c.median(), c.scale());
    assertTrue(lasting > 0.8 * c.z(), lasting + " vs " + c.z());
  }

  @Test
  void aTailThatRampsUpAFewStepsLateStillLasts() {
    double[] v = p99(1.0);
    Arrays.fill(v, PRE + 4, v.length, 2.0);
    SeriesChange c = new RobustChangeScore(240).score(v, PRE, v.length, MetricKind.LATENCY);
    assertTrue(TailSpikes.lastingZ(v, PRE, v.length, c.median(), c.scale()) > 5);
  }

  @Test
  void onlyTailQuantilesAreTails() {
    assertTrue(TailSpikes.isTail("latency_p99_seconds"));
    assertTrue(TailSpikes.isTail("client_latency_p95_seconds"));
    assertTrue(TailSpikes.isTail("latency_p999_seconds"));
    assertFalse(TailSpikes.isTail("latency_p90_seconds"));
    assertFalse(TailSpikes.isTail("latency_p50_seconds"));
    assertFalse(TailSpikes.isTail("latency_mean_seconds"));
    assertFalse(TailSpikes.isTail("cpu_usage_ratio"));
  }
}
