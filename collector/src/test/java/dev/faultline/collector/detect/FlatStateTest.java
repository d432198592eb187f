package dev.faultline.collector.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.detect.combine.AlertState;
import dev.faultline.collector.detect.combine.AlertingDetector;
import dev.faultline.collector.detect.config.DetectionConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One shared pipeline over per-series state arrays (the live collector) against one {@link Detector} per series
 * (the {@code detect} backtest): the same scores, bit for bit, whatever the interleaving of the series.
 */
class FlatStateTest {

  private static List<SyntheticSeries> series() {
    return List.of(
        SyntheticSeries.seasonal(1, 3000, 100, 20, 2, 300_000L).spike(2200, 80).levelShift(2600, 30),
        SyntheticSeries.gaussian(2, 3000, 5, 1).drift(1500, 0.01),
        SyntheticSeries.seasonal(3, 3000, 1e6, 1e5, 1e3, 60_000L).dailyPeak(9, 5e5),
        constantWithGaps());
  }

  /** A constant series with NaN gaps and one step: the floor and gap handling of every member. */
  private static SyntheticSeries constantWithGaps() {
    return SyntheticSeries.gaussian(4, 3000, 7, 0).levelShift(2500, 3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default", "ewma+cusum", "zscore+robust-zscore", "median-shift&seasonal", "context"})
  void sharedPipelineOverStateArraysScoresLikeOneDetectorPerSeries(String expression) {
    Map<String, Double> params = Map.of("surprise.enabled", 1.0);
    List<SyntheticSeries> all = series();
    AlertingDetector shared = Detectors.pipeline(expression, params);
    double[][] states = new double[all.size()][shared.doubles()];
    byte[][] bytes = new byte[all.size()][shared.bytes()];
    for (double[] s : states) {
      shared.init(s, 0);
    }
    double[][] expected = new double[all.size()][];
    for (int k = 0; k < all.size(); k++) {
      Detector own = Detectors.pipeline(expression, params);
      expected[k] = new double[all.get(k).size()];
      for (int i = 0; i < expected[k].length; i++) {
        expected[k][i] = own.update(all.get(k).timestamp(i), value(k, all.get(k), i));
      }
    }
    int opened = 0;
    int n = all.get(0).size();
    for (int i = 0; i < n; i++) {
      for (int k = all.size() - 1; k >= 0; k--) { // interleaved, in another order than the expected run
        SyntheticSeries s = all.get(k);
        shared.touch(states[k], 0, s.timestamp(i)); // touching ahead must not change anything
        double score = shared.update(states[k], 0, bytes[k], 0, s.timestamp(i), value(k, s, i));
        assertEquals(expected[k][i], score, 0.0, expression + " series " + k + " point " + i);
        opened += shared.justOpened(states[k], 0) ? 1 : 0;
      }
    }
    assertTrue(opened > 0, "the comparison covers alert transitions too: " + expression);
  }

  /** The last series has a NaN gap every 97 points. */
  private static double value(int k, SyntheticSeries s, int i) {
    return k == 3 && i % 97 == 0 ? Double.NaN : s.value(i);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default", "ewma+cusum"})
  void gapsInTheSharedPathScoreZeroAndLeaveTheStateAsIs(String expression) {
    AlertingDetector shared = Detectors.pipeline(expression, Map.of("surprise.enabled", 1.0));
    SyntheticSeries s = series().get(0);
    double[] plain = new double[shared.doubles()];
    double[] gappy = new double[shared.doubles()];
    byte[] plainBytes = new byte[shared.bytes()];
    byte[] gappyBytes = new byte[shared.bytes()];
    shared.init(plain, 0);
    shared.init(gappy, 0);
    for (int i = 0; i < s.size(); i++) {
      if (i % 50 == 1) {
        assertEquals(0.0, shared.update(gappy, 0, gappyBytes, 0, s.timestamp(i), Double.NaN));
        assertEquals(0.0, shared.update(gappy, 0, gappyBytes, 0, s.timestamp(i - 1) - 1, 1e9), "out of order");
      }
      shared.update(plain, 0, plainBytes, 0, s.timestamp(i), s.value(i));
      shared.update(gappy, 0, gappyBytes, 0, s.timestamp(i), s.value(i));
    }
    assertArrayEquals(plain, gappy, 0.0);
    assertArrayEquals(plainBytes, gappyBytes);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http.server.latency.p99", "http.error.ratio", "jvm.heap.used"})
  void liveSharedPipelineIsTheDefaultOfTheMetricKind(String metric) {
    DetectionConfig config = DetectionConfig.empty();
    AlertingDetector shared = config.shared(metric);
    assertTrue(shared == config.shared(metric), "one instance per kind, shared by its series");
    SyntheticSeries s = series().get(0);
    double[] expected = s.scores(Detectors.forMetric(metric));
    double[] state = new double[shared.doubles()];
    byte[] bytes = new byte[shared.bytes()];
    shared.init(state, 0);
    boolean fired = false;
    for (int i = 0; i < s.size(); i++) {
      assertEquals(expected[i], shared.update(state, 0, bytes, 0, s.timestamp(i), s.value(i)), 0.0, "point " + i);
      fired |= shared.state(state, 0) == AlertState.FIRING;
    }
    assertTrue(fired, metric);
  }
}
