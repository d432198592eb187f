package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyModelFitterTest {

  private static final LatencyModelFitter.Config CONFIG = new LatencyModelFitter.Config(0.2,
      new double[] {0.01, 1}, new GradientBoostedTrees.Params(40, 0.2, 3, 3, 0.8, 7), 30, 0.05, 0.95);

  @Test
  void choosesAQueueingShapeWhenLatencyFollowsAQueueingCurveBeyondTheLowerLoads() {
    // latency = 10 + 20 u/(1-u) with u proportional to the rate: trees trained on the lower 80% of the load go flat
    // on the top 20%, the ridge model on q(u) extrapolates it.
    List<FeatureSpec> features = List.of(FeatureSpec.of("cpu", FeatureKind.UTILISATION));
    Random r = new Random(1);
    int n = 200;
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double rate = 10 + 80.0 * i / n;
      double u = rate / 100;
      x[i] = new double[] {rate, u};
      y[i] = (10 + 20 * u / (1 - u)) * (1 + 0.01 * r.nextGaussian());
    }

    LatencyModelFitter.Fitted fitted = LatencyModelFitter.fit(features, x, y, CONFIG, () -> false);

    assertTrue(fitted.chosen() == ModelKind.RIDGE || fitted.chosen() == ModelKind.QUEUEING,
        fitted.chosen() + " " + fitted.heldOutMape());
    assertTrue(fitted.heldOutMape().get(ModelKind.RIDGE) < fitted.heldOutMape().get(ModelKind.GBT));
    assertTrue(fitted.heldOutMape().get(ModelKind.QUEUEING) < fitted.heldOutMape().get(ModelKind.GBT));
    assertEquals(10 + 20 * 0.95 / 0.05, fitted.model().predict(new double[] {95, 0.95}), 10);
  }

  @Test
  void choosesTreesWhenLatencyDependsOnAFeatureInAWayNoQueueingTermCanFollow() {
    // latency jumps while a callee's latency sits in a band, unrelated to load; the held-out rows share the band.
    List<FeatureSpec> features = List.of(FeatureSpec.of("callee", FeatureKind.QUANTITY));
    Random r = new Random(2);
    int n = 300;
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double callee = r.nextDouble() * 10;
      x[i] = new double[] {10 + r.nextDouble(), callee};
      y[i] = (callee > 4 && callee < 6 ? 50 : 10) * (1 + 0.01 * r.nextGaussian());
    }

    LatencyModelFitter.Fitted fitted = LatencyModelFitter.fit(features, x, y, CONFIG, () -> false);

    assertTrue(fitted.chosen() == ModelKind.RIDGE_GBT || fitted.chosen() == ModelKind.QUEUEING_GBT,
        fitted.chosen() + " " + fitted.heldOutMape());
    assertEquals(50, fitted.model().predict(new double[] {10.5, 5}), 5);
  }

  @Test
  void reportsHeldOutErrorOfEveryKindAndABandAroundOne() {
    List<FeatureSpec> features = List.of(FeatureSpec.of("cpu", FeatureKind.UTILISATION));
    Random r = new Random(3);
    double[][] x = new double[100][];
    double[] y = new double[100];
    for (int i = 0; i < 100; i++) {
      x[i] = new double[] {i, i / 200.0};
      y[i] = 5 + 0.1 * i + r.nextGaussian();
    }

    LatencyModelFitter.Fitted fitted = LatencyModelFitter.fit(features, x, y, CONFIG, () -> false);

    assertEquals(ModelKind.values().length, fitted.heldOutMape().size());
    assertTrue(fitted.bandLowRatio() <= 1 && fitted.bandHighRatio() >= 1);
  }

  @Test
  void prefersTheQueueingModelForABorrowedShapeUnlessAnotherKindIsClearlyBetter() {
    Map<ModelKind, Double> close = new EnumMap<>(ModelKind.class);
    close.put(ModelKind.GBT, 1.0);
    close.put(ModelKind.RIDGE, 9.0);
    close.put(ModelKind.RIDGE_GBT, 9.5);
    close.put(ModelKind.QUEUEING, 10.0);
    close.put(ModelKind.QUEUEING_GBT, 11.0);
    close.put(ModelKind.QUEUEING_RIDGE, 9.6);
    assertEquals(ModelKind.QUEUEING, LatencyModelFitter.choose(close, true), "trees alone are never chosen");
    assertEquals(ModelKind.RIDGE, LatencyModelFitter.choose(close, false), "p99: the plain held-out error decides");

    Map<ModelKind, Double> clear = new EnumMap<>(close);
    clear.put(ModelKind.RIDGE_GBT, 10.0 * LatencyModelFitter.QUEUEING_PREFERENCE - 0.1);
    assertEquals(ModelKind.RIDGE_GBT, LatencyModelFitter.choose(clear, true));
  }

  @Test
  void rejectsTooFewRowsAndBadConfig() {
    List<FeatureSpec> none = List.of();
    assertThrows(IllegalArgumentException.class,
        () -> LatencyModelFitter.fit(none, new double[5][1], new double[5], CONFIG, () -> false));
    GradientBoostedTreesTest.assertMessage("validationFraction", () -> new LatencyModelFitter.Config(0.9,
        new double[] {1}, GradientBoostedTrees.Params.defaults(0), 30, 0.05, 0.95));
    GradientBoostedTreesTest.assertMessage("lambdas", () -> new LatencyModelFitter.Config(0.2, new double[0],
        GradientBoostedTrees.Params.defaults(0), 30, 0.05, 0.95));
    GradientBoostedTreesTest.assertMessage("minRows", () -> new LatencyModelFitter.Config(0.2, new double[] {1},
        GradientBoostedTrees.Params.defaults(0), 3, 0.05, 0.95));
  }

  @Test
  void theMeanOfQueueingAndRidgeIsACandidateLikeTheOthers() {
    Map<ModelKind, Double> mape = new EnumMap<>(ModelKind.class);
    mape.put(ModelKind.GBT, 1.0);
    mape.put(ModelKind.RIDGE, 5.0);
    mape.put(ModelKind.RIDGE_GBT, 5.5);
    mape.put(ModelKind.QUEUEING, 5.1);
    mape.put(ModelKind.QUEUEING_GBT, 6.0);
    mape.put(ModelKind.QUEUEING_RIDGE, 4.9);
    assertEquals(ModelKind.QUEUEING_RIDGE, LatencyModelFitter.choose(mape, false));
    mape.put(ModelKind.QUEUEING_RIDGE, 5.05);
    assertEquals(ModelKind.RIDGE, LatencyModelFitter.choose(mape, false), "no preference for the mean at p99");
  }

  @Test
  void theMeanCandidatePredictsHalfwayBetweenQueueingAndRidge() {
    List<FeatureSpec> features = List.of(FeatureSpec.of("cpu", FeatureKind.UTILISATION));
    double[][] x = new double[200][];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double rate = 20 + 0.4 * i;
      double u = rate / 150;
      x[i] = new double[] {rate, u};
      y[i] = 5 + 10 * MmcWait.quantile(2, u, 0.99) + 0.3 * Math.sin(i);
    }
    LatencyModelFitter.Config config = LatencyModelFitter.Config.defaults(1);
    RegressionModel mean = LatencyModelFitter.fitKind(ModelKind.QUEUEING_RIDGE, features, x, y, 0.99, y, 1, config,
        () -> false);
    RegressionModel q = LatencyModelFitter.fitKind(ModelKind.QUEUEING, features, x, y, 0.99, y, 1, config,
        () -> false);
    RegressionModel r = LatencyModelFitter.fitKind(ModelKind.RIDGE, features, x, y, 0.99, y, 1, config, () -> false);
    double[] beyond = {150, 0.95};
    assertEquals((q.predict(beyond) + r.predict(beyond)) / 2, mean.predict(beyond), 1e-9);
  }
}
