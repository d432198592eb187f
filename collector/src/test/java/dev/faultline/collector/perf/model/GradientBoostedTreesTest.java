package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientBoostedTreesTest {

  /** x = 0..9, y = 1 for x < 5 and 3 from 5 on. */
  private static final double[][] STEP_X = column(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  private static final double[] STEP_Y = {1, 1, 1, 1, 1, 3, 3, 3, 3, 3};

  @Test
  void oneFullStepStumpReproducesAStepFunctionExactly() {
    GradientBoostedTrees gbt =
        GradientBoostedTrees.fit(STEP_X, STEP_Y, new GradientBoostedTrees.Params(1, 1.0, 1, 1, 1.0, 0), () -> false);

    assertEquals(1.0, gbt.predict(new double[] {4}), 1e-12);
    assertEquals(3.0, gbt.predict(new double[] {5}), 1e-12);
    // The split is midway between 4 and 5.
    assertEquals(1.0, gbt.predict(new double[] {4.5}), 1e-12);
    assertEquals(3.0, gbt.predict(new double[] {4.51}), 1e-12);
  }

  @Test
  void shrunkenStumpsConvergeGeometricallyToTheStep() {
    // With learning rate 0.5 and full sampling, each round halves the residual: after m rounds the prediction at
    // the upper step is 2 + (1 - 0.5^m).
    GradientBoostedTrees gbt =
        GradientBoostedTrees.fit(STEP_X, STEP_Y, new GradientBoostedTrees.Params(3, 0.5, 1, 1, 1.0, 0), () -> false);

    assertEquals(2 + (1 - 0.125), gbt.predict(new double[] {9}), 1e-12);
    assertEquals(2 - (1 - 0.125), gbt.predict(new double[] {0}), 1e-12);
  }

  @Test
  void isFlatOutsideTheTrainingRange() {
    GradientBoostedTrees gbt =
        GradientBoostedTrees.fit(STEP_X, STEP_Y, new GradientBoostedTrees.Params(20, 0.3, 2, 1, 1.0, 0), () -> false);

    assertEquals(gbt.predict(new double[] {9}), gbt.predict(new double[] {1000}), 1e-12);
  }

  @Test
  void sameSeedGivesIdenticalModels() {
    double[][] x = randomX(200, 3, 1);
    double[] y = Arrays.stream(x).mapToDouble(r -> r[0] * r[0] + Math.sin(5 * r[1])).toArray();
    GradientBoostedTrees.Params p = new GradientBoostedTrees.Params(30, 0.1, 3, 3, 0.7, 99);

    GradientBoostedTrees a = GradientBoostedTrees.fit(x, y, p, () -> false);
    GradientBoostedTrees b = GradientBoostedTrees.fit(x, y, p, () -> false);
    GradientBoostedTrees c =
        GradientBoostedTrees.fit(x, y, new GradientBoostedTrees.Params(30, 0.1, 3, 3, 0.7, 100), () -> false);

    double[] probe = {0.3, 0.6, 0.1};
    assertEquals(a.predict(probe), b.predict(probe), 0.0);
    assertNotEquals(a.predict(probe), c.predict(probe));
  }

  @Test
  void treesRespectMaxDepthAndMinSamplesLeaf() {
    double[][] x = randomX(300, 2, 2);
    double[] y = Arrays.stream(x).mapToDouble(r -> 10 * r[0] + Math.cos(9 * r[1])).toArray();

    GradientBoostedTrees gbt =
        GradientBoostedTrees.fit(x, y, new GradientBoostedTrees.Params(10, 0.2, 2, 25, 1.0, 0), () -> false);

    for (RegressionTree t : gbt.trees()) {
      assertTrue(t.depth() <= 2, "depth " + t.depth());
      assertTrue(t.leafCounts().length <= 4);
      for (int count : t.leafCounts()) {
        assertTrue(count >= 25, "leaf with " + count + " rows");
      }
    }
  }

  @Test
  void monotoneTreesNeverFallAsAnyInputRises() {
    double[][] x = randomX(300, 2, 4);
    Random noise = new Random(5);
    double[] y = Arrays.stream(x).mapToDouble(r -> 5 * r[0] + Math.sin(12 * r[1]) + noise.nextGaussian()).toArray();
    GradientBoostedTrees gbt =
        GradientBoostedTrees.fit(x, y, new GradientBoostedTrees.Params(50, 0.2, 3, 3, 0.8, 1, true), () -> false);

    for (double other = 0; other <= 1; other += 0.1) {
      double previous0 = Double.NEGATIVE_INFINITY;
      double previous1 = Double.NEGATIVE_INFINITY;
      for (double v = -0.5; v <= 1.5; v += 0.01) {
        double p0 = gbt.predict(new double[] {v, other});
        double p1 = gbt.predict(new double[] {other, v});
        assertTrue(p0 >= previous0 - 1e-12 && p1 >= previous1 - 1e-12, "fell at " + v + ", " + other);
        previous0 = p0;
        previous1 = p1;
      }
    }
  }

  @Test
  void stopsAddingTreesWhenTheBudgetIsSpent() {
    int[] asked = new int[1];
    GradientBoostedTrees gbt = GradientBoostedTrees.fit(STEP_X, STEP_Y,
        new GradientBoostedTrees.Params(100, 0.1, 1, 1, 1.0, 0), () -> ++asked[0] > 3);

    assertEquals(4, gbt.treeCount());
  }

  @Test
  void attributionSumsToThePredictionDifferenceAndCreditsTheSplitFeature() {
    double[][] x = randomX(200, 2, 3);
    double[] y = Arrays.stream(x).mapToDouble(r -> r[0] > 0.5 ? 10 : 0).toArray();
    GradientBoostedTrees gbt =
        GradientBoostedTrees.fit(x, y, new GradientBoostedTrees.Params(20, 0.3, 2, 2, 1.0, 0), () -> false);
    double[] from = {0.2, 0.5};
    double[] to = {0.8, 0.5};

    double[] credit = gbt.attribute(from, to);

    assertEquals(gbt.predict(to) - gbt.predict(from), credit[0] + credit[1], 1e-9);
    assertTrue(credit[0] > 9, "feature 0 carries the step: " + Arrays.toString(credit));
  }

  @Test
  void rejectsInvalidParametersNamingThem() {
    assertMessage("trees", () -> new GradientBoostedTrees.Params(0, 0.1, 3, 1, 1, 0));
    assertMessage("learningRate", () -> new GradientBoostedTrees.Params(1, 0, 3, 1, 1, 0));
    assertMessage("learningRate", () -> new GradientBoostedTrees.Params(1, 1.5, 3, 1, 1, 0));
    assertMessage("maxDepth", () -> new GradientBoostedTrees.Params(1, 0.1, 0, 1, 1, 0));
    assertMessage("minSamplesLeaf", () -> new GradientBoostedTrees.Params(1, 0.1, 3, 0, 1, 0));
    assertMessage("subsample", () -> new GradientBoostedTrees.Params(1, 0.1, 3, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> GradientBoostedTrees.fit(new double[0][], new double[0],
        GradientBoostedTrees.Params.defaults(0), () -> false));
  }

  @Test
  void constantTargetGivesASingleLeafAtTheMean() {
    double[] y = new double[10];
    Arrays.fill(y, 7);

    GradientBoostedTrees gbt =
        GradientBoostedTrees.fit(STEP_X, y, new GradientBoostedTrees.Params(5, 0.5, 3, 1, 1.0, 0), () -> false);

    assertEquals(7, gbt.predict(new double[] {3}), 1e-12);
    assertArrayEquals(new int[] {10}, gbt.trees().get(0).leafCounts());
  }

  static void assertMessage(String parameter, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().startsWith(parameter), ex.getMessage());
  }

  private static double[][] column(double... v) {
    return Arrays.stream(v).mapToObj(d -> new double[] {d}).toArray(double[][]::new);
  }

  private static double[][] randomX(int n, int p, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        row[j] = r.nextDouble();
      }
    }
    return x;
  }
}
