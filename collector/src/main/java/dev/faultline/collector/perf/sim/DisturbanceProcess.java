package dev.faultline.collector.perf.sim;

import java.util.Random;

/**
 * Slowly varying {@link Disturbance}s: each component is an AR(1) process {@code e_t = phi e_{t-1} + sqrt(1 - phi^2)
 * N(0, 1)} (stationary standard deviation 1, {@code phi = 0.95}, a correlation time of about 20 rows), mapped to
 * CPU background {@code 0.02 |e|}, hold-time and callee multipliers {@code exp(0.04 e)} and heap offset {@code 0.01
 * e}. Not thread-safe; the randomness comes from the caller's seeded {@link Random}.
 */
public final class DisturbanceProcess {

  private static final double PHI = 0.95;

  private final double[] state = new double[5];

  /** The next disturbance. */
  public Disturbance next(Random random) {
    for (int i = 0; i < state.length; i++) {
      state[i] = PHI * state[i] + Math.sqrt(1 - PHI * PHI) * random.nextGaussian();
    }
    return new Disturbance(0.02 * Math.abs(state[0]), Math.exp(0.04 * state[1]), Math.exp(0.04 * state[2]),
        0.01 * state[3], Math.exp(0.04 * state[4]));
  }
}
