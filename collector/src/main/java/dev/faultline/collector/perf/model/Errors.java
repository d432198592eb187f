package dev.faultline.collector.perf.model;

import java.util.Arrays;

/** Error measures and empirical quantiles shared by model selection and the report. Stateless. */
public final class Errors {

  private Errors() {}

  /**
   * Mean absolute percentage error, {@code 100/n * sum |y_i - p_i| / y_i}, over the rows with {@code y_i > 0};
   * NaN when there is no such row.
   */
  public static double mape(double[] actual, double[] predicted) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException("actual and predicted must have equal length");
    }
    double s = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] > 0) {
        s += Math.abs(actual[i] - predicted[i]) / actual[i];
        n++;
      }
    }
    return n == 0 ? Double.NaN : 100.0 * s / n;
  }

  /**
   * Empirical quantile with linear interpolation between order statistics (type 7 of Hyndman and Fan, as in R's
   * default): position {@code h = (n - 1) q}. NaN for no values.
   *
   * @param values the sample (not modified)
   * @param q the probability, in [0, 1]
   */
  public static double quantile(double[] values, double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be in [0, 1], was " + q);
    }
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] s = values.clone();
    Arrays.sort(s);
    double h = (s.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  }
}
