package dev.faultline.collector.rca.score;

/**
 * A tail quantile (p95 and above) is measured on the few slowest requests of a step, so it spikes now and then with
 * no change at the service (a GC pause, one slow disk read): two such spikes in a post window are enough for the
 * robust change score, which reads the second largest post deviation. A fault that slows the tail (retries after
 * lost packets, a slow dependency) lasts, so it lifts most post points. The tail's change therefore counts only up to
 * the level that at least half of the post points reach ({@link #lastingZ}), in the same baseline spreads, unless a
 * body quantile of the same family (p50, p90) rose too: then the whole distribution moved and the tail's rise is part
 * of that move, however intermittent (real faults often slow only some requests at a time). Pure and stateless.
 */
final class TailSpikes {
  /** From this quantile (percent) up, a latency series is a tail quantile. */
  static final double TAIL_FROM = 95;

  private TailSpikes() {
  }

  /** True for a tail quantile (p95, p99, p999 ...) of a latency name such as {@code latency_p99_seconds}. */
  static boolean isTail(String metric) {
    int i = metric.lastIndexOf("_p");
    if (i < 0) {
      return false;
    }
    int j = i + 2;
    while (j < metric.length() && Character.isDigit(metric.charAt(j))) {
      j++;
    }
    if (j == i + 2) {
      return false;
    }
    String digits = metric.substring(i + 2, j);
    // p999 is the 99.9th percentile: three or more digits are a fraction after "99"
    double q = digits.length() <= 2 ? Double.parseDouble(digits) : Double.parseDouble("99." + digits.substring(2));
    return q >= TAIL_FROM;
  }

  /**
   * The rise, in baseline spreads, that at least half of the post points {@code values[from, to)} reach above
   * {@code median} (the post median's deviation); 0 when it is not a rise or no post value is finite.
   */
  static double lastingZ(double[] values, int from, int to, double median, double scale) {
    double[] post = RobustChangeScore.sortedFinite(values, from, Math.min(to, values.length));
    if (post.length == 0 || !(scale > 0)) {
      return 0;
    }
    return Math.max(0, (RobustChangeScore.quantile(post, 0.5) - median) / scale);
  }

}
