package dev.faultline.collector.detect.stat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.detect.Detectors;
import dev.faultline.collector.detect.ScoreMapping;
import dev.faultline.collector.detect.SyntheticSeries;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;

/** Behaviour of each statistical detector on seeded series with injected anomalies. */
class StatDetectorsTest {

  @Test
  void rollingWindowStatisticsMatchCommonsMathOverTheSameWindow() {
    RollingZScoreDetector d = new RollingZScoreDetector(50, 2, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
    DescriptiveStatistics ref = new DescriptiveStatistics(50);
    SyntheticSeries s = SyntheticSeries.gaussian(3, 1234, 1e6, 5).drift(0, 0.5);
    for (int i = 0; i < s.size(); i++) {
      d.update(s.timestamp(i), s.value(i));
      ref.addValue(s.value(i));
      assertEquals(ref.getMean(), d.windowMean(), 1e-6, "mean at " + i);
      if (i > 0) {
        assertEquals(ref.getVariance(), d.windowVariance(), 1e-6 * ref.getVariance() + 1e-9, "var at " + i);
      }
    }
  }

  @Test
  void zscoreOfPointUsesOnlyEarlierPoints() {
    // window of 4 earlier points {1,2,3,4}: mean 2.5, sd 1.2910; x = 2.5 + 6 * 1.2910 gives z = 6
    RollingZScoreDetector d = new RollingZScoreDetector(4, 4, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
    for (int i = 1; i <= 4; i++) {
      d.update(i, i);
    }
    double x = 2.5 + 6 * Math.sqrt(5.0 / 3.0);
    assertEquals(0.5, d.update(5, x), 1e-9); // (6 - 3) / (6 - 3 + 3)
  }

  @Test
  void ewmaMatchesDirectExponentialWeights() {
    EwmaDetector d = new EwmaDetector(0.1, 1e9, 2, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
    double[] xs = {10, 12, 9, 11, 15, 10, 8, 13, 12, 11, 10, 9, 14, 10, 11, 12, 10, 9, 10, 11};
    for (int i = 0; i < xs.length; i++) {
      d.update(i, xs[i]);
    }
    // same recursion written as explicit weights: mean = sum w_i x_i with a_t = max(0.1, 1/t)
    double mean = xs[0];
    double var = 0;
    for (int t = 2; t <= xs.length; t++) {
      double a = Math.max(0.1, 1.0 / t);
      double diff = xs[t - 1] - mean;
      double incr = a * diff;
      mean += incr;
      var = (1 - a) * (var + diff * incr);
    }
    assertEquals(mean, d.mean(), 1e-12);
    assertEquals(var, d.variance(), 1e-12);
  }

  @Test
  void everyDetectorFlagsAnIsolatedSpikeButNotTheNoiseAroundIt() {
    for (String name : new String[] {"zscore", "robust-zscore", "ewma"}) {
      SyntheticSeries s = SyntheticSeries.gaussian(21, 1600, 100, 2).spike(1500, 30);
      double[] scores = s.scores(Detectors.create(name));
      assertTrue(scores[1500] > 0.6, name + " spike " + scores[1500]);
      assertTrue(SyntheticSeries.max(scores, 1400, 1500) < 0.35, name + " noise before");
    }
  }

  @Test
  void robustBaselineIsNotPoisonedByOneHugeSpike() {
    SyntheticSeries s = SyntheticSeries.gaussian(5, 1600, 100, 2).spike(1400, 1e4).spike(1420, 16);
    double robust = s.scores(Detectors.create("robust-zscore"))[1420];
    double plain = s.scores(Detectors.create("zscore"))[1420];
    assertTrue(robust > 0.3, "robust sees the 8-sigma point after the spike: " + robust);
    assertEquals(0.0, plain, "the plain z-score's sd is inflated by the spike");
  }

  @Test
  void ewmaFollowsSlowDriftButFlagsAJump() {
    SyntheticSeries s = SyntheticSeries.gaussian(8, 3000, 100, 1).drift(500, 0.01).levelShift(2900, 12);
    double[] scores = s.scores(Detectors.create("ewma"));
    assertTrue(SyntheticSeries.max(scores, 600, 2900) < 0.3, "drift of 0.01 sigma per point is normal");
    assertTrue(scores[2900] > 0.5, "jump of 12 sigma: " + scores[2900]);
  }

  @Test
  void cusumCatchesSmallSustainedShiftThatPointDetectorsMiss() {
    SyntheticSeries s = SyntheticSeries.gaussian(13, 2000, 100, 1).levelShift(1500, 1.5);
    double[] cusum = s.scores(Detectors.create("cusum"));
    double[] robust = s.scores(Detectors.create("robust-zscore"));
    assertTrue(SyntheticSeries.max(cusum, 1500, 1540) >= 0.5, "cusum alarms within 40 points");
    assertTrue(SyntheticSeries.max(robust, 1500, 1540) < 0.3, "1.5 sigma points look normal one by one");
    assertTrue(SyntheticSeries.max(cusum, 1200, 1500) < 0.5, "no alarm before the shift");
    assertTrue(SyntheticSeries.max(cusum, 1700, 2000) < 0.5, "new level accepted after the change");
  }

  @Test
  void medianShiftIgnoresIsolatedSpikesButSeesALastingShift() {
    SyntheticSeries s = SyntheticSeries.gaussian(31, 1200, 100, 1);
    for (int i = 400; i < 1000; i += 37) {
      s.spike(i, 50);
    }
    s.levelShift(1000, 3);
    double[] sc = s.scores(Detectors.create("median-shift"));
    assertTrue(SyntheticSeries.max(sc, 300, 1000) < 0.3, "spikes do not move the medians");
    assertTrue(SyntheticSeries.max(sc, 1000, 1020) > 0.5, "a 3-sigma shift is seen within 20 points");
    double[] robust = s.scores(Detectors.create("robust-zscore"));
    assertTrue(SyntheticSeries.max(robust, 300, 1000) > 0.8, "a point detector does flag the spikes");
  }

  @Test
  void seasonalProfileDoesNotFlagTheDailyPeakButFlagsItAtAnotherHour() {
    long fiveMinutes = 300_000L;
    SyntheticSeries s = SyntheticSeries.seasonal(17, 288 * 14, 100, 0, 1, fiveMinutes).dailyPeak(9, 20);
    int offPeak = 288 * 13 + 12 * 15; // day 13, 15:00
    s.spike(offPeak, 20);
    Detector seasonal = Detectors.create("seasonal", Map.of("seasonal.slotsPerDay", 24.0));
    double[] sc = s.scores(seasonal);
    int peak = 288 * 13 + 12 * 9 + 6; // day 13, 09:30
    assertEquals(0.0, sc[peak], "the 09:00 peak is part of the profile");
    assertTrue(sc[offPeak] > 0.6, "the same rise at 15:00 is not: " + sc[offPeak]);
    double robust = s.scores(Detectors.create("robust-zscore"))[288 * 13 + 12 * 9];
    assertTrue(robust > 0.5, "a non-seasonal detector does flag the peak's onset: " + robust);
  }

  @Test
  void withDefaultsMatchesTheRegistry() {
    SyntheticSeries s = SyntheticSeries.seasonal(6, 288 * 5, 50, 10, 2, 300_000L).spike(1200, 30).levelShift(1300, 9);
    assertArrayEquals(s.scores(Detectors.create("zscore")), s.scores(RollingZScoreDetector.withDefaults()), 0.0);
    assertArrayEquals(s.scores(Detectors.create("robust-zscore")), s.scores(RobustZScoreDetector.withDefaults()), 0.0);
    assertArrayEquals(s.scores(Detectors.create("ewma")), s.scores(EwmaDetector.withDefaults()), 0.0);
    assertArrayEquals(s.scores(Detectors.create("seasonal")), s.scores(SeasonalDetector.withDefaults()), 0.0);
    assertArrayEquals(s.scores(Detectors.create("cusum")), s.scores(CusumDetector.withDefaults()), 0.0);
    assertArrayEquals(s.scores(Detectors.create("context")), s.scores(ContextNoveltyDetector.withDefaults()), 0.0);
  }

  @Test
  void parametersAreValidatedWithTheirName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new EwmaDetector(1.5, 4, 10,
        ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT)).getMessage().contains("alpha"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Detectors.create("robust-zscore",
        Map.of("robust-zscore.windw", 3.0))).getMessage().contains("robust-zscore.windw"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Detectors.create("nope"))
        .getMessage().contains("nope"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SeasonalDetector(7, 0, 0.1, 3, 0,
        ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT)).getMessage().contains("slotsPerDay"));
  }

  @Test
  void scoreMappingIsMonotoneBoundedAndZeroInsideDeadZone() {
    ScoreMapping m = ScoreMapping.saturating(3, 3);
    assertEquals(0.0, m.toScore(-2.9));
    assertEquals(0.5, m.toScore(-6), 1e-12);
    assertEquals(1.0, m.toScore(Double.POSITIVE_INFINITY));
    assertEquals(0.0, m.toScore(Double.NaN));
    assertTrue(m.toScore(1e6) < m.toScore(1e7) && m.toScore(1e7) < 1.0);
  }
}
