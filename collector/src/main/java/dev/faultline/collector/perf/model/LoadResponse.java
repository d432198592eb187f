package dev.faultline.collector.perf.model;

import dev.faultline.collector.perf.FeatureKind;
import java.util.Objects;

/**
 * How one resource feature responds to the request rate, so that a what-if can move every feature with the load.
 *
 * <p>Two shapes are fitted by least squares and the one with the lower BIC, {@code n ln(SSE/n) + k ln n}, is kept:
 *
 * <pre>
 *   linear:      v(r) = a + b r                                  (k = 2)
 *   hyperbolic:  v(r) = a + b / (1 - min(r / R, 0.98)),  b >= 0  (k = 3; R from a grid of 1.05 .. 20 x max rate)
 * </pre>
 *
 * Utilisations (CPU, pools, heap) are linear in the rate by the utilisation law {@code U = X S}, so only the linear
 * shape is offered for {@link FeatureKind#UTILISATION}; quantities such as callee latency are themselves queueing
 * responses and may follow the hyperbola of a saturating callee. Features are assumed not to fall as load rises: a
 * negative fitted slope is replaced by the constant mean (so a noisy, load-independent feature stays put in a
 * what-if instead of drifting down). Predictions are clamped at 0. Edge cases: fewer
 * than 3 rows or a constant rate gives the constant mean. Thread-safe (immutable).
 */
public final class LoadResponse {

  private static final double[] CAPACITY_GRID = {1.05, 1.1, 1.2, 1.3, 1.5, 1.75, 2, 2.5, 3, 4, 5, 7, 10, 20};
  private static final double RHO_MAX = 0.98;

  private final double a;
  private final double b;
  private final double capacity;

  private LoadResponse(double a, double b, double capacity) {
    this.a = a;
    this.b = b;
    this.capacity = capacity;
  }

  /**
   * Fits the response of {@code values} to {@code rates}.
   *
   * @param rates request rates, one per row
   * @param values the feature, one per row
   * @param kind the feature kind, which decides the shapes tried
   */
  public static LoadResponse fit(double[] rates, double[] values, FeatureKind kind) {
    Objects.requireNonNull(kind, "kind");
    if (rates.length != values.length) {
      throw new IllegalArgumentException("rates and values must have equal length");
    }
    int n = rates.length;
    double maxRate = 0;
    for (double r : rates) {
      maxRate = Math.max(maxRate, r);
    }
    double[] linear = leastSquares(rates, values, Double.POSITIVE_INFINITY);
    if (n < 3 || linear == null || linear[1] < 0) {
      double mean = n == 0 ? 0 : java.util.Arrays.stream(values).average().orElse(0);
      return new LoadResponse(mean, 0, Double.POSITIVE_INFINITY);
    }
    LoadResponse best = new LoadResponse(linear[0], linear[1], Double.POSITIVE_INFINITY);
    double bestBic = bic(linear[2], n, 2);
    if (kind == FeatureKind.QUANTITY && maxRate > 0) {
      for (double g : CAPACITY_GRID) {
        double[] h = leastSquares(rates, values, g * maxRate);
        if (h != null && h[1] >= 0 && bic(h[2], n, 3) < bestBic) {
          bestBic = bic(h[2], n, 3);
          best = new LoadResponse(h[0], h[1], g * maxRate);
        }
      }
    }
    return best;
  }

  /** The predicted feature value at request rate {@code rate}, >= 0. */
  public double at(double rate) {
    return Math.max(0, a + b * basis(rate, capacity));
  }

  /** The fitted capacity {@code R} of the hyperbolic shape, or +infinity for the linear shape. */
  public double capacity() {
    return capacity;
  }

  private static double basis(double rate, double capacity) {
    if (Double.isInfinite(capacity)) {
      return rate;
    }
    return 1.0 / (1.0 - Math.min(rate / capacity, RHO_MAX));
  }

  /** Simple regression of v on basis(r); returns {a, b, sse}, or null when the basis is constant. */
  private static double[] leastSquares(double[] rates, double[] values, double capacity) {
    int n = rates.length;
    if (n == 0) {
      return null;
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += basis(rates[i], capacity);
      my += values[i];
    }
    mx /= n;
    my /= n;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      double dx = basis(rates[i], capacity) - mx;
      sxx += dx * dx;
      sxy += dx * (values[i] - my);
    }
    if (sxx <= 1e-12 * Math.max(1, mx * mx) * n) {
      return null;
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      double e = values[i] - intercept - slope * basis(rates[i], capacity);
      sse += e * e;
    }
    return new double[] {intercept, slope, sse};
  }

  private static double bic(double sse, int n, int k) {
    return n * Math.log(Math.max(sse, 1e-300) / n) + k * Math.log(n);
  }
}
