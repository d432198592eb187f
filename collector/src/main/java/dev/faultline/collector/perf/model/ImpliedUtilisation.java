package dev.faultline.collector.perf.model;

import java.util.Objects;

/**
 * The utilisation of the queue behind a quantity that has none of its own (a callee's latency), estimated from how
 * the quantity changes from one row to the next as the rate does.
 *
 * <p>An M/M/1 response to the rate is {@code v(r) = c / (1 - k r)}, with {@code k r} the utilisation, so between
 * consecutive rows {@code ln v_i - ln v_{i-1} = ln(1 - k r_{i-1}) - ln(1 - k r_i) + d}, with {@code d} a constant
 * drift per row. {@code k} is the least-squares fit of that relation over a grid of utilisations at the highest
 * training rate (0 .. {@link QueueingDesign#U_MAX}).
 *
 * <p>Why differences: a callee's latency also moves on its own (a slower callee, other tenants), slowly next to the
 * row-to-row changes of the rate. Fitted on the levels ({@link LoadResponse}), such a drift that happens to rise with a
 * load ramp reads as a saturating callee: on the simulated disturbed cases a callee at 20% was taken for one at 60%
 * and named the bottleneck over the pool or CPU that saturates (BENCHMARKS.md, "mape10"). A slow drift cancels
 * between consecutive rows; the load-driven part does not.
 *
 * <p>When the rows' rate hardly changes from one row to the next, the slope is not identified: {@link #fit} returns
 * null when the standard error of the elasticity {@code d ln v / d ln r} exceeds {@link #MAX_ELASTICITY_ERROR}.
 * Immutable and thread-safe.
 */
public final class ImpliedUtilisation {

  /** Largest standard error of the fitted elasticity for which the estimate is used. */
  static final double MAX_ELASTICITY_ERROR = 0.25;
  /** Fewest consecutive pairs with positive rates and values. */
  static final int MIN_PAIRS = 20;
  private static final double GRID_STEP = 0.0025;

  private final double perRate;

  private ImpliedUtilisation(double perRate) {
    this.perRate = perRate;
  }

  /**
   * Fits rows in time order.
   *
   * @param rates request rates, one per row
   * @param values the quantity, one per row
   * @return the estimate, or null when too few usable pairs or the rate's row-to-row changes cannot identify it
   */
  public static ImpliedUtilisation fit(double[] rates, double[] values) {
    Objects.requireNonNull(rates, "rates");
    if (rates.length != values.length) {
      throw new IllegalArgumentException("rates and values must have equal length");
    }
    int pairs = 0;
    double maxRate = 0;
    double rateChange = 0;
    double rateChangeSquares = 0;
    for (int i = 1; i < rates.length; i++) {
      if (usable(rates, values, i)) {
        pairs++;
        maxRate = Math.max(maxRate, Math.max(rates[i], rates[i - 1]));
        double d = Math.log(rates[i] / rates[i - 1]);
        rateChange += d;
        rateChangeSquares += d * d;
      }
    }
    double rateVariation = pairs == 0 ? 0 : rateChangeSquares - rateChange * rateChange / pairs;
    if (pairs < MIN_PAIRS || !(rateVariation > 0)) {
      return null;
    }
    double best = 0;
    double bestSse = Double.POSITIVE_INFINITY;
    for (double atMax = 0; atMax <= QueueingDesign.U_MAX + 1e-9; atMax += GRID_STEP) {
      double sse = sse(rates, values, atMax / maxRate);
      if (sse < bestSse) {
        bestSse = sse;
        best = atMax / maxRate;
      }
    }
    double elasticityError = Math.sqrt(bestSse / (pairs - 2) / rateVariation);
    return elasticityError <= MAX_ELASTICITY_ERROR ? new ImpliedUtilisation(best) : null;
  }

  /** The implied utilisation at {@code rate}, in [0, {@link QueueingDesign#U_MAX}]. */
  public double at(double rate) {
    return Math.min(Math.max(perRate * rate, 0), QueueingDesign.U_MAX);
  }

  /** Squared error of the relation at {@code k} around its mean: a constant drift per row is not the load's. */
  private static double sse(double[] rates, double[] values, double k) {
    double sum = 0;
    double sumSquares = 0;
    int n = 0;
    for (int i = 1; i < rates.length; i++) {
      if (usable(rates, values, i)) {
        double e = Math.log(values[i] / values[i - 1])
            - (Math.log(1 - Math.min(k * rates[i - 1], QueueingDesign.U_MAX))
                - Math.log(1 - Math.min(k * rates[i], QueueingDesign.U_MAX)));
        sum += e;
        sumSquares += e * e;
        n++;
      }
    }
    return sumSquares - sum * sum / n;
  }

  private static boolean usable(double[] rates, double[] values, int i) {
    return rates[i] > 0 && rates[i - 1] > 0 && values[i] > 0 && values[i - 1] > 0;
  }
}
