package dev.faultline.collector.perf.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * A robust linear trend of a series, with a test of whether there is a trend at all.
 *
 * <p>Slope: the Theil-Sen estimator (Sen 1968), the median of the pairwise slopes {@code (y_j - y_i) / (t_j - t_i)}
 * over {@code i < j} with {@code t_j > t_i}; intercept: the median of {@code y_i - slope t_i}. Robust to up to ~29%
 * outliers. Trend test: Mann-Kendall, {@code S = sum_{i<j} sign(y_j - y_i)}, {@code Var S = n(n-1)(2n+5)/18} (no tie
 * correction), {@code Z = (S - sign S) / sqrt(Var S)}; a trend exists when {@code |Z| >= zThreshold} (2.58 is a
 * two-sided 1% test). Series are thinned to at most {@value #MAX_POINTS} evenly spaced points first, which bounds the
 * O(n^2) pair loops. Edge cases: fewer than 3 points gives "no trend" with slope 0. Times are in milliseconds and
 * slopes in units per millisecond. Stateless; results immutable.
 *
 * <pre>{@code
 * LoadTrend trend = LoadTrend.fit(timestampsMillis, ratesPerSecond, 2.58);
 * if (trend.exists()) { double perHour = trend.slopePerMilli() * 3_600_000; }
 * }</pre>
 *
 * @param slopePerMilli Theil-Sen slope
 * @param intercept Theil-Sen intercept (value at {@code originMillis})
 * @param originMillis time origin of the line (the first time), kept so that slopes act on small offsets
 * @param mannKendallZ the Mann-Kendall statistic
 * @param exists whether {@code |mannKendallZ| >= zThreshold}
 */
public record LoadTrend(
    double slopePerMilli, double intercept, long originMillis, double mannKendallZ, boolean exists) {

  /** Points kept before the pairwise loops. */
  public static final int MAX_POINTS = 400;

  /**
   * Fits the trend.
   *
   * @param timesMillis non-decreasing times
   * @param values one value per time, finite
   * @param zThreshold Mann-Kendall threshold, > 0
   */
  public static LoadTrend fit(long[] timesMillis, double[] values, double zThreshold) {
    Objects.requireNonNull(timesMillis, "timesMillis");
    Objects.requireNonNull(values, "values");
    if (timesMillis.length != values.length) {
      throw new IllegalArgumentException("timesMillis and values must have equal length");
    }
    if (!(zThreshold > 0)) {
      throw new IllegalArgumentException("zThreshold must be > 0, was " + zThreshold);
    }
    int n = Math.min(values.length, MAX_POINTS);
    if (n < 3) {
      return new LoadTrend(0, values.length == 0 ? 0 : values[values.length - 1],
          timesMillis.length == 0 ? 0 : timesMillis[0], 0, false);
    }
    long[] t = new long[n];
    double[] y = new double[n];
    for (int k = 0; k < n; k++) {
      int i = (int) Math.round((double) k * (values.length - 1) / (n - 1));
      t[k] = timesMillis[i] - timesMillis[0];
      y[k] = values[i];
    }
    double[] slopes = new double[n * (n - 1) / 2];
    int m = 0;
    long s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        s += Long.signum(Double.compare(y[j], y[i]));
        if (t[j] > t[i]) {
          slopes[m++] = (y[j] - y[i]) / (t[j] - t[i]);
        }
      }
    }
    double slope = m == 0 ? 0 : median(Arrays.copyOf(slopes, m));
    double[] offsets = new double[n];
    for (int i = 0; i < n; i++) {
      offsets[i] = y[i] - slope * t[i];
    }
    double intercept = median(offsets);
    double var = n * (n - 1.0) * (2.0 * n + 5) / 18.0;
    double z = (s - Math.signum(s)) / Math.sqrt(var);
    return new LoadTrend(slope, intercept, timesMillis[0], z, Math.abs(z) >= zThreshold);
  }

  /** The trend line's value at {@code timeMillis}. */
  public double valueAt(long timeMillis) {
    return intercept + slopePerMilli * (timeMillis - originMillis);
  }

  private static double median(double[] v) {
    Arrays.sort(v);
    int h = v.length / 2;
    return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
  }
}
