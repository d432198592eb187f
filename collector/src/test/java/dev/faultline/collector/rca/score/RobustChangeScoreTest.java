package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.MetricKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RobustChangeScoreTest {
  private final RobustChangeScore scorer = new RobustChangeScore(100);

  private static double[] series(int pre, double base, double... post) {
    double[] v = new double[pre + post.length];
    Arrays.fill(v, 0, pre, base);
    System.arraycopy(post, 0, v, pre, post.length);
    return v;
  }

  @Test
  void zeroSpreadErrorRatioIsMeasuredAgainstItsUnitFloor() {
    // error ratio flat at 0, then 5 % for three steps: 0.05 / 0.005 (absolute floor) = 10 spreads, not 10^9
    SeriesChange c = scorer.score(series(20, 0.0, 0.05, 0.05, 0.05), 20, 23, MetricKind.ERRORS);
    assertEquals(10.0, c.z(), 1e-9);
    assertTrue(c.rising());
    assertEquals(20, c.onsetIndex());
  }

  @Test
  void constantThenJumpingGenericSeriesIsCapped() {
    // a flat counter in arbitrary units that jumps by a million scores at most the cap
    SeriesChange c = scorer.score(series(20, 5.0, 1e6, 1e6, 1e6), 20, 23, MetricKind.GENERIC);
    assertTrue(c.zeroSpread());
    assertEquals(RobustChangeScore.ZERO_SPREAD_CAP, c.z(), 1e-9);
  }

  @Test
  void noisyBaselineUsesInterquartileSpread() {
    double[] v = new double[24];
    for (int i = 0; i < 20; i++) {
      v[i] = i % 4; // values 0,1,2,3: median 1.5, IQR 1.5 (type 7), P90 - P10 = 3 - 0 = 3
    }
    v[20] = 9.5;
    v[21] = 9.5;
    v[22] = 9.5;
    v[23] = 9.5;
    SeriesChange c = scorer.score(v, 20, 24, MetricKind.GENERIC);
    double spread = Math.max(1.5 / 1.349, 3 / 2.563);
    // recent level (last 3 baseline points 1, 2, 3) has median 2: 7.5 / spread < 8 / spread
    assertEquals(7.5 / spread, c.z(), 1e-9);
  }

  @Test
  void singleSpikeInPostIsNotASustainedChange() {
    double[] v = series(20, 1.0, 50, 1, 1, 1);
    for (int i = 0; i < 20; i++) {
      v[i] = 1 + 0.01 * (i % 3);
    }
    SeriesChange c = scorer.score(v, 20, 24, MetricKind.RESOURCE);
    assertTrue(c.z() < 3, "z = " + c.z());
  }

  @Test
  void levelThatMovedBeforeTheIncidentDoesNotCount() {
    double[] v = new double[26];
    for (int i = 0; i < 20; i++) {
      v[i] = 1 + 0.01 * (i % 3);
    }
    for (int i = 20; i < 26; i++) {
      v[i] = 3; // moved at index 20, the incident is declared at 23
    }
    assertTrue(scorer.score(v, 23, 26, MetricKind.RESOURCE).z() < 1);
    assertTrue(scorer.score(v, 20, 26, MetricKind.RESOURCE).z() > 50);
  }

  @Test
  void missingValuesAreSkippedAndTooFewGiveNone() {
    double[] v = {Double.NaN, 1, Double.NaN, 1.1, 0.9, Double.NaN, 5, 5};
    assertTrue(scorer.score(v, 6, 8, MetricKind.RESOURCE).z() > 3);
    assertEquals(0, scorer.score(new double[] {Double.NaN, 5, 5}, 1, 3, MetricKind.RESOURCE).z());
    // one baseline value: a constant baseline, so the change is capped
    assertEquals(RobustChangeScore.ZERO_SPREAD_CAP, scorer.score(new double[] {1, 5, 5}, 1, 3, MetricKind.RESOURCE).z());
    assertFalse(scorer.score(new double[] {1, 1, Double.NaN}, 2, 3, MetricKind.RESOURCE).rising());
  }

  @Test
  void anEarlierErrorBurstInTheBaselineDoesNotHideTheNextOne() {
    // 27 baseline points at 0 except an earlier fault's 3-point burst of 50 % errors, then a new 5 % burst
    double[] v = new double[30];
    v[12] = 0.5;
    v[13] = 0.45;
    v[14] = 0.46;
    v[27] = 0.043;
    v[28] = 0.022;
    v[29] = 0.055;
    SeriesChange errors = scorer.score(v, 27, 30, MetricKind.ERRORS);
    assertTrue(errors.z() >= 8, "z " + errors.z());
    // a kind without a unit floor keeps the tail guard: the same shape is weak evidence there
    SeriesChange generic = scorer.score(v, 27, 30, MetricKind.GENERIC);
    assertTrue(generic.z() < 1, "z " + generic.z());
  }

  @Test
  void aSeriesMissingFromMostOfItsBaselineIsCappedLikeAConstantOne() {
    // an endpoint called once in a long baseline (one latency sample of 37 ms), then one slow call of 2.1 s:
    // one value gives no spread, so the jump counts as "it moved" (the cap), not as 56 floors
    double[] once = new double[23];
    Arrays.fill(once, Double.NaN);
    once[5] = 0.037;
    once[20] = 2.128;
    SeriesChange c = scorer.score(once, 20, 23, MetricKind.LATENCY);
    assertTrue(c.zeroSpread());
    assertEquals(RobustChangeScore.ZERO_SPREAD_CAP, c.z(), 1e-9);
    // the same values measured at every baseline point keep the latency relative floor (2 % of 37 ms = 0.74 ms)
    double[] always = series(20, 0.037, 2.128, Double.NaN, Double.NaN);
    SeriesChange full = scorer.score(always, 20, 23, MetricKind.LATENCY);
    assertFalse(full.zeroSpread());
    assertTrue(full.z() > 1000, "z " + full.z());
    // a baseline window of two points that the series fills is short, not sparse
    SeriesChange shortWindow = scorer.score(new double[] {0.037, 0.038, 2.128, 2.1}, 2, 4, MetricKind.LATENCY);
    assertFalse(shortWindow.zeroSpread());
    assertTrue(shortWindow.z() > 100, "z " + shortWindow.z());
  }
}
