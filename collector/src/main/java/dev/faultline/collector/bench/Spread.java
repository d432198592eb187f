package dev.faultline.collector.bench;

import java.util.Arrays;

/** The median and range of repeated measurements (the median of an even count is the mean of the middle two). */
record Spread(double median, double min, double max) {

  static Spread of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Spread(median, sorted[0], sorted[n - 1]);
  }

  /** e.g. {@code 0.42 (0.35-0.51)}, with {@code format} for each number. */
  String format(String format) {
    return String.format(format + " (" + format + "-" + format + ")", median, min, max);
  }
}
