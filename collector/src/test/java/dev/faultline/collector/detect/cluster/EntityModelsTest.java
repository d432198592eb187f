package dev.faultline.collector.detect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** k-means and isolation forest on seeded two-mode entity data (latency ms, error ratio, requests/s). */
class EntityModelsTest {

  static double[][] normalRows(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      boolean busy = i % 2 == 0; // two normal operating modes: quiet and busy
      rows[i] = new double[] {
        (busy ? 120 : 40) + 4 * r.nextGaussian(),
        (busy ? 0.02 : 0.01) + 0.0005 * r.nextGaussian(),
        (busy ? 900 : 100) + 40 * r.nextGaussian()
      };
    }
    return rows;
  }

  /**
   * Latency of the busy mode with the error ratio and request rate of the quiet mode: each value is normal on its
   * own, the combination is not.
   */
  static final double[] MIXED_ANOMALY = {120, 0.01, 100};
  static final double[] QUIET_NORMAL = {41, 0.0102, 98};

  @Test
  void kmeansScoresNormalModesZeroAndAnUnseenCombinationHigh() {
    EntityModel m = KMeansModel.trainer(2, 50, 0.99).train(normalRows(1, 500), 7);
    assertEquals(0.0, m.score(QUIET_NORMAL));
    assertTrue(m.score(MIXED_ANOMALY) > 0.8, "anomaly " + m.score(MIXED_ANOMALY));
    assertEquals(3, m.dimensions());
  }

  @Test
  void kmeansCopesWithFewerDistinctRowsThanK() {
    double[][] rows = {{1, 1}, {1, 1}, {1, 1}};
    KMeansModel m = (KMeansModel) KMeansModel.trainer(4, 10, 0.99).train(rows, 1);
    assertEquals(1, m.clusters());
    assertEquals(0.0, m.score(new double[] {1, 1}));
    assertTrue(m.score(new double[] {5, 1}) > 0.9);
  }

  @Test
  void isolationForestSeparatesAnomalyFromNormalAndIsSeedDeterministic() {
    double[][] rows = normalRows(2, 1000);
    IsolationForest f = (IsolationForest) IsolationForest.trainer(100, 256, 0.99).train(rows, 11);
    IsolationForest g = (IsolationForest) IsolationForest.trainer(100, 256, 0.99).train(rows, 11);
    double anomaly = f.rawScore(MIXED_ANOMALY);
    double normal = f.rawScore(QUIET_NORMAL);
    assertTrue(anomaly > 0.55 && normal < 0.5 && anomaly > normal + 0.1, "raw " + anomaly + " vs " + normal);
    assertEquals(0.0, f.score(QUIET_NORMAL));
    // the between-modes point ranks above normal data but stays under the 99% training quantile: isolation forests
    // are weak on such contextual anomalies (k-means catches it, see above); a point outside the data is clear
    assertTrue(f.score(new double[] {400, 0.2, 5000}) > 0.1, "far outlier"); // raw 0.70 against t = 0.61
    assertEquals(f.rawScore(MIXED_ANOMALY), g.rawScore(MIXED_ANOMALY), 0.0);
  }

  @Test
  void averagePathLengthMatchesPublishedValues() {
    // c(n) = 2 H(n-1) - 2 (n-1) / n; c(256) = 10.2448 (Liu et al. 2008, with H(i) ~ ln i + Euler's constant)
    assertEquals(10.2448, IsolationForest.averagePathLength(256), 1e-3);
    assertEquals(1.0, IsolationForest.averagePathLength(2));
    assertEquals(0.0, IsolationForest.averagePathLength(1));
  }

  @Test
  void retrainingDetectorWarmsUpThenScoresWithTheModelFromEarlierData() {
    BackgroundRetrainer r = new BackgroundRetrainer(KMeansModel.trainer(2, 50, 0.99), Runnable::run, 3);
    RetrainingEntityDetector d = new RetrainingEntityDetector(3, 400, 200, 100, r);
    double[][] rows = normalRows(4, 600);
    for (int i = 0; i < 200; i++) {
      assertEquals(0.0, d.update(i, rows[i]), "warm-up at " + i);
    }
    assertEquals(1, r.generation(), "first model trained once minTrainRows were seen");
    double max = 0;
    for (int i = 200; i < 600; i++) {
      max = Math.max(max, d.update(i, rows[i]));
    }
    assertTrue(max < 0.5, "normal data stays quiet: " + max);
    assertEquals(5, r.generation(), "retrained every 100 vectors");
    assertEquals(0.0, d.update(601, new double[] {Double.NaN, 0, 0}), "gap");
    assertTrue(d.update(602, MIXED_ANOMALY) > 0.8);
  }
}
