package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueueingFitTest {

  private static final List<FeatureSpec> POOL_AND_CALLEE = List.of(
      FeatureSpec.of("pool", FeatureKind.UTILISATION), FeatureSpec.of("callee", FeatureKind.QUANTITY));

  /** Rows at rates 40..100 with a pool of {@code servers} at {@code 0.6 rate / 100} and a flat, noisy callee. */
  private static double[][] rows(int n, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double rate = 40 + 60.0 * i / (n - 1);
      x[i] = new double[] {rate, 0.6 * rate / 100 + 0.005 * r.nextGaussian(), 5 + r.nextDouble()};
    }
    return x;
  }

  private static double latency(double[] x, int servers, double q) {
    return 10 + 20 * MmcWait.quantile(servers, x[1], q) + 2 * x[2];
  }

  @Test
  void learnsThePoolsServersAndServiceTimeAndExtrapolatesTheKnee() {
    double[][] x = rows(400, 1);
    double[] y = new double[x.length];
    Random r = new Random(2);
    for (int i = 0; i < x.length; i++) {
      y[i] = latency(x[i], 8, 0.99) * Math.exp(0.02 * r.nextGaussian());
    }

    QueueingModel m = QueueingFit.fit(POOL_AND_CALLEE, x, y, 0.99, 0.01);

    assertEquals(8, m.servers()[1]);
    assertEquals(20, m.coefficients()[1], 2);
    double[] atNinety = {150, 0.9, 5.5};
    assertEquals(latency(atNinety, 8, 0.99), m.predict(atNinety), 0.1 * latency(atNinety, 8, 0.99));
  }

  @Test
  void borrowsTheP99ShapeForAMedianThatHasNotStartedToWait() {
    double[][] x = rows(400, 3);
    double[] y99 = new double[x.length];
    double[] y50 = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y99[i] = latency(x[i], 4, 0.99);
      y50[i] = latency(x[i], 4, 0.5);
    }

    QueueingModel p99 = QueueingFit.fit(POOL_AND_CALLEE, x, y99, 0.99, 0.01);
    QueueingModel p50 = QueueingFit.borrow(POOL_AND_CALLEE, p99, x, y50, 0.5, 0.01);
    QueueingModel alone = QueueingFit.fit(POOL_AND_CALLEE, x, y50, 0.5, 0.01);

    double[] atNinety = {150, 0.9, 5.5};
    double truth = latency(atNinety, 4, 0.5);
    assertEquals(truth, p50.predict(atNinety), 0.05 * truth);
    assertTrue(alone.predict(atNinety) < 0.8 * truth, "the median alone saw no waiting: " + alone.predict(atNinety));
    assertEquals(0.5, p50.quantile());
    assertArrayEquals(p99.servers(), p50.servers());
  }

  @Test
  void borrowsOnlyTheLinearTermsP99UsedAndAlwaysTheQuantities() {
    // p99 explained the rise by the pool's queue alone; the median also follows a hyperbolic callee.
    Random r = new Random(8);
    double[][] x = new double[300][];
    double[] y50 = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double rate = 40 + 60.0 * i / (x.length - 1);
      double u = 0.6 * rate / 100;
      double callee = 4 / (1 - u) * Math.exp(0.05 * r.nextGaussian());
      x[i] = new double[] {rate, u, callee};
      y50[i] = (10 + 20 * MmcWait.quantile(4, u, 0.5) + 0.69 * callee) * Math.exp(0.05 * r.nextGaussian());
    }
    QueueingModel shape = new QueueingModel(0.99, new int[] {0, 4, 0}, 12, new double[] {0, 20, 0});

    QueueingModel p50 = QueueingFit.borrow(POOL_AND_CALLEE, shape, x, y50, 0.5, 0.01);

    assertEquals(0, p50.coefficients()[0], "the rate, which p99 left out, stays out");
    assertEquals(4, p50.servers()[1]);
    assertEquals(20, p50.coefficients()[1], "the pool's service time is p99's");
    assertEquals(0.69, p50.coefficients()[2], 0.05, "the callee, a quantity, is refitted on the median");
    double[] far = {150, 0.9, 40};
    double truth = 10 + 20 * MmcWait.quantile(4, 0.9, 0.5) + 0.69 * 40;
    assertEquals(truth, p50.predict(far), 0.05 * truth);
    assertThrows(IllegalArgumentException.class,
        () -> QueueingFit.borrow(POOL_AND_CALLEE.subList(0, 1), shape, x, y50, 0.5, 0.01));
  }

  @Test
  void keepsALatencyThatFollowsAnObservedQuantityLinear() {
    // latency = 3 + 4.6 callee, callee hyperbolic in the rate; the pool follows the rate but adds nothing.
    Random r = new Random(4);
    double[][] x = new double[300][];
    double[] y = new double[300];
    for (int i = 0; i < x.length; i++) {
      double rate = 40 + 60.0 * i / 299;
      double callee = 4 / (1 - 0.6 * rate / 100) * Math.exp(0.02 * r.nextGaussian());
      x[i] = new double[] {rate, 0.3 * rate / 100, callee};
      y[i] = 3 + 4.6 * callee;
    }

    QueueingModel m = QueueingFit.fit(POOL_AND_CALLEE, x, y, 0.99, 0.01);

    assertEquals(4.6, m.coefficients()[2], 0.2);
    double[] far = {150, 0.45, 4 / (1 - 0.9)};
    assertEquals(3 + 4.6 * far[2], m.predict(far), 0.05 * (3 + 4.6 * far[2]));
  }

  @Test
  void attributionSumsToThePredictedChange() {
    QueueingModel m = new QueueingModel(0.99, new int[] {0, 4, 0}, 5,
        new double[] {0.1, 20, 2});
    double[] from = {50, 0.5, 4};
    double[] to = {75, 0.75, 6};
    double[] parts = m.attribute(from, to);
    assertEquals(m.predict(to) - m.predict(from), parts[0] + parts[1] + parts[2], 1e-9);
    assertEquals(20 * (MmcWait.quantile(4, 0.75, 0.99) - MmcWait.quantile(4, 0.5, 0.99)), parts[1], 1e-9);
  }

  @Test
  void rejectsInconsistentParameters() {
    assertThrows(IllegalArgumentException.class, () -> new QueueingModel(1.5, new int[] {0}, 0, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new QueueingModel(0.5, new int[] {-2}, 0, new double[] {1}),
        "-1 is GC_COST, below it nothing");
    assertThrows(IllegalArgumentException.class, () -> new QueueingModel(0.5, new int[] {0, 0}, 0, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> QueueingFit.fit(POOL_AND_CALLEE, new double[5][3],
        new double[5], 0.99, 0.01));
    QueueingModel m = new QueueingModel(0.5, new int[] {0}, 0, new double[] {1});
    assertThrows(IllegalArgumentException.class, () -> m.predict(new double[] {1, 2}));
  }

  @Test
  void neverQueuesOnAHeapNearFullWhereLatencyDoesNotFollowIt() {
    // Latency follows the pool; the heap is a sawtooth between 0.5 and 0.97 whatever the load.
    List<FeatureSpec> features = List.of(FeatureSpec.of("pool", FeatureKind.UTILISATION),
        new FeatureSpec("heap", FeatureKind.OCCUPANCY, "gc"));
    Random r = new Random(5);
    double[][] x = new double[300][];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double rate = 40 + 60.0 * i / (x.length - 1);
      x[i] = new double[] {rate, 0.6 * rate / 100, 0.5 + 0.47 * (i % 17) / 16.0};
      y[i] = (10 + 20 * MmcWait.quantile(4, x[i][1], 0.99)) * Math.exp(0.05 * r.nextGaussian());
    }

    QueueingModel m = QueueingFit.fit(features, x, y, 0.99, 0.01);

    assertTrue(m.servers()[2] <= 0, "heap entered as a queue with " + m.servers()[2] + " servers");
    double[] full = {100, 0.6, 0.999};
    double[] half = {100, 0.6, 0.5};
    assertTrue(m.predict(full) < 2 * m.predict(half), "a full heap must not blow the prediction up: "
        + m.predict(full) + " against " + m.predict(half));
  }

  @Test
  void offersAnOccupancyOnlyLinearAndBoundedTermsAndAUtilisationOnlyQueues() {
    assertArrayEquals(new int[] {0, QueueingModel.GC_COST}, QueueingFit.options(FeatureKind.OCCUPANCY));
    assertArrayEquals(new int[] {0}, QueueingFit.options(FeatureKind.QUANTITY));
    assertArrayEquals(QueueingFit.SERVERS, QueueingFit.options(FeatureKind.UTILISATION), "a pool only queues");
  }

  @Test
  void stopsSelectingTermsWhenTheTimeBudgetIsSpent() {
    double[][] x = rows(200, 7);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = latency(x[i], 4, 0.99);
    }
    int[] polls = new int[1];

    QueueingModel none = QueueingFit.fit(POOL_AND_CALLEE, x, y, 0.99, 0.01, () -> true);
    QueueingModel one = QueueingFit.fit(POOL_AND_CALLEE, x, y, 0.99, 0.01, () -> polls[0]++ >= 1);
    QueueingModel all = QueueingFit.fit(POOL_AND_CALLEE, x, y, 0.99, 0.01, () -> false);

    assertArrayEquals(new double[] {0, 0, 0}, none.coefficients(), "no time: intercept only");
    assertEquals(1, java.util.Arrays.stream(one.coefficients()).filter(c -> c != 0).count(), "one step, one term");
    assertEquals(4, all.servers()[1]);
    assertTrue(java.util.Arrays.stream(all.coefficients()).filter(c -> c != 0).count() >= 2);
  }

  @Test
  void describesItsTermsByInputName() {
    QueueingModel m = new QueueingModel(0.99, new int[] {0, 4, QueueingModel.GC_COST}, 1.5,
        new double[] {0, 20, 0.25});
    assertEquals("base 1.50 + 20.0 x pool[M/M/4] + 0.250 x heap[gc-cost]", m.describe(List.of("rate", "pool",
        "heap")));
  }
}
