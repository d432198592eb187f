package dev.faultline.collector.perf;

import dev.faultline.collector.perf.model.GradientBoostedTrees;
import dev.faultline.collector.perf.model.LatencyModelFitter;
import dev.faultline.collector.perf.sim.SimulatedService;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/** Shared fixtures: a lean fitter configuration and simulated histories with a given load shape. */
public final class PerfTestData {

  /** Like the defaults (monotone trees) with fewer trees, to keep tests fast. */
  public static final LatencyModelFitter.Config FAST = new LatencyModelFitter.Config(0.2,
      new double[] {0.01, 0.1, 1, 10, 100}, new GradientBoostedTrees.Params(40, 0.15, 3, 5, 0.8, 3, true), 30, 0.05, 0.95);

  private PerfTestData() {}

  /** A service whose CPU (4 cores) runs at 62% at 200 requests per second; other resources stay low. */
  public static SimulatedService cpuBound() {
    return new SimulatedService(new SimulatedService.Spec(200, 3, 4, 0.62, 10, 0.3, 32, 0.25, 0.15, 0.35, 0.01, 4,
        0.2));
  }

  /** A service whose connection pool (10) runs at 62% at 150 requests per second. */
  public static SimulatedService dbBound() {
    return new SimulatedService(new SimulatedService.Spec(150, 3, 4, 0.3, 10, 0.62, 32, 0.25, 0.15, 0.35, 0.01, 4,
        0.2));
  }

  /** Service "svc": {@code rows} rows 10 s apart from t = 0 with rate {@code rate(i)}, with seeded noise. */
  public static ServiceHistory history(SimulatedService s, int rows, IntToDoubleFunction rate, long seed) {
    return history("svc", s, rows, rate, seed);
  }

  /** Like {@link #history(SimulatedService, int, IntToDoubleFunction, long)} for a named service. */
  public static ServiceHistory history(String name, SimulatedService s, int rows, IntToDoubleFunction rate,
      long seed) {
    Random random = new Random(seed);
    ServiceHistory.Builder b = ServiceHistory.builder(name, SimulatedService.FEATURES);
    for (int i = 0; i < rows; i++) {
      double r = rate.applyAsDouble(i);
      SimulatedService.Observation o = s.observe(r, random);
      b.add(i * 10_000L, r, o.features(), o.p50Millis(), o.p99Millis());
    }
    return b.build();
  }

  /** A load that wanders between 30% and 100% of {@code max} without a trend (a seeded random walk in a band). */
  public static IntToDoubleFunction wandering(double max, long seed) {
    Random r = new Random(seed);
    double[] level = new double[100_000];
    double v = 0.65;
    for (int i = 0; i < level.length; i++) {
      v = Math.min(1, Math.max(0.3, v + 0.03 * r.nextGaussian() + 0.02 * (0.65 - v)));
      level[i] = v;
    }
    return i -> max * level[i];
  }
}
