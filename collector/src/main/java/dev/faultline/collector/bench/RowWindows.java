package dev.faultline.collector.bench;

import dev.faultline.collector.perf.ServiceHistory;

/**
 * Averages a history's rows over consecutive fixed time windows, for {@code bench --perf-demo --demo-row-seconds N}:
 * the demo records one row per second, and a 1-second p99 at 50-80 req/s is about the slowest of 50-80 requests, so
 * on those rows the per-row sampling noise alone can exceed half the naive baseline's error (BENCHMARKS.md,
 * "Performance modelling: round 7"), while the live collector's agents report every 10 s. A window's row is the mean
 * of the rows in it: rate, features, and the per-second p50 and p99 (a smoothed p99, not the p99 of the window's
 * requests, which the rows cannot give). Windows start at the first row's timestamp; a window without rows (a gap)
 * gives no row. Stateless.
 */
final class RowWindows {

  private RowWindows() {}

  /**
   * The rows of {@code history} averaged over windows of {@code windowMillis}; 1,000 ms on 1-second rows (or any
   * window no longer than the rows' spacing) gives the rows back unchanged.
   *
   * @param windowMillis window length, > 0
   */
  static ServiceHistory average(ServiceHistory history, long windowMillis) {
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("windowMillis must be > 0, was " + windowMillis);
    }
    ServiceHistory.Builder out = ServiceHistory.builder(history.service(), history.features());
    int k = history.features().size();
    int i = 0;
    while (i < history.size()) {
      long window = (history.timestampMillis(i) - history.timestampMillis(0)) / windowMillis;
      long start = history.timestampMillis(i);
      double rate = 0;
      double p50 = 0;
      double p99 = 0;
      double[] features = new double[k];
      int n = 0;
      for (; i < history.size() && (history.timestampMillis(i) - history.timestampMillis(0)) / windowMillis == window;
          i++, n++) {
        rate += history.requestRate(i);
        p50 += history.p50Millis(i);
        p99 += history.p99Millis(i);
        double[] row = history.featureRow(i);
        for (int f = 0; f < k; f++) {
          features[f] += row[f];
        }
      }
      for (int f = 0; f < k; f++) {
        features[f] /= n;
      }
      out.add(start, rate / n, features, p50 / n, p99 / n);
    }
    return out.build();
  }
}
