package dev.faultline.collector.perf.sim;

import dev.faultline.collector.perf.ServiceHistory;
import java.util.Random;

/**
 * One benchmark case: a {@link SimulatedService}, a training window whose load ramps up to (and never exceeds)
 * {@code trainMaxRate}, and a held-out window that follows it at {@code heldOutMultiple} times that load.
 *
 * <p>Training rows, every 10 s: {@code r_i = trainMaxRate * min(1, 0.4 + 0.6 i/(n-1) + 0.08 sin(2 pi i / 90) +
 * N(0, 0.02))}, floored at 5% of the maximum. Held-out rows: {@code r = heldOutMultiple * trainMaxRate * (1 + N(0,
 * 0.02))}. With {@code disturbed}, resources also move on their own by a {@link DisturbanceProcess}. Both windows come from one {@link Random}
 * seeded with {@code seed}, training first, so a case is fully reproducible. Immutable.
 *
 * @param name case name
 * @param service the simulated service
 * @param trainMaxRate the highest training rate (requests per second)
 * @param trainRows rows in the training window
 * @param heldOutRows rows in the held-out window
 * @param heldOutMultiple load of the held-out window as a multiple of {@code trainMaxRate}
 * @param seed noise seed
 * @param disturbed whether resources also move on their own ({@link DisturbanceProcess}); otherwise every resource
 *     is a function of the rate alone
 */
public record SimulatedCase(String name, SimulatedService service, double trainMaxRate, int trainRows,
    int heldOutRows, double heldOutMultiple, long seed, boolean disturbed) {

  /** Start of the training window, epoch milliseconds (fixed so the output is reproducible). */
  public static final long START_MILLIS = 1_780_000_000_000L;
  /** Interval between rows. */
  public static final long STEP_MILLIS = 10_000L;

  /** The training window. */
  public ServiceHistory training() {
    return generate()[0];
  }

  /** The held-out window, right after the training window. */
  public ServiceHistory heldOut() {
    return generate()[1];
  }

  /** The same case drawn with another seed (other noise and disturbances, same service and loads). */
  public SimulatedCase withSeed(long newSeed) {
    return new SimulatedCase(name, service, trainMaxRate, trainRows, heldOutRows, heldOutMultiple, newSeed, disturbed);
  }

  /** The same case with resources moving on their own (or not). */
  public SimulatedCase withDisturbances(boolean on) {
    return new SimulatedCase(name, service, trainMaxRate, trainRows, heldOutRows, heldOutMultiple, seed, on);
  }

  /** The true bottleneck between the training maximum and the held-out load. */
  public String trueBottleneck() {
    return service.trueBottleneck(trainMaxRate, heldOutMultiple * trainMaxRate);
  }

  private ServiceHistory[] generate() {
    Random random = new Random(seed);
    DisturbanceProcess process = new DisturbanceProcess();
    java.util.function.Supplier<Disturbance> disturbances =
        () -> disturbed ? process.next(random) : Disturbance.NONE;
    ServiceHistory.Builder train = ServiceHistory.builder(name, SimulatedService.FEATURES);
    long t = START_MILLIS;
    for (int i = 0; i < trainRows; i++) {
      double level = 0.4 + 0.6 * i / Math.max(1, trainRows - 1) + 0.08 * Math.sin(2 * Math.PI * i / 90.0)
          + 0.02 * random.nextGaussian();
      add(train, t, trainMaxRate * Math.max(0.05, Math.min(1, level)), disturbances.get(), random);
      t += STEP_MILLIS;
    }
    ServiceHistory.Builder held = ServiceHistory.builder(name, SimulatedService.FEATURES);
    for (int i = 0; i < heldOutRows; i++) {
      add(held, t, heldOutMultiple * trainMaxRate * (1 + 0.02 * random.nextGaussian()), disturbances.get(),
          random);
      t += STEP_MILLIS;
    }
    return new ServiceHistory[] {train.build(), held.build()};
  }

  private void add(ServiceHistory.Builder b, long t, double rate, Disturbance d, Random random) {
    SimulatedService.Observation o = service.observe(rate, d, random);
    b.add(t, rate, o.features(), o.p50Millis(), o.p99Millis());
  }
}
