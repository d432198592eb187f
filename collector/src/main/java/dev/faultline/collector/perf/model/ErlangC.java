package dev.faultline.collector.perf.model;

/**
 * The Erlang C formula: the probability that an arrival at an M/M/c queue has to wait. One implementation for the
 * fitted queueing model ({@link MmcWait}) and the simulator's ground truth, so that the two cannot drift apart.
 */
public final class ErlangC {
  private ErlangC() {}

  /**
   * The probability of waiting with {@code servers >= 1} at utilisation {@code rho} in [0, 1); 0 at or below 0,
   * 1 at or above 1 (a saturated queue always waits).
   */
  public static double probability(int servers, double rho) {
    if (servers < 1) {
      throw new IllegalArgumentException("servers must be >= 1, was " + servers);
    }
    if (rho >= 1) {
      return 1;
    }
    if (rho <= 0) {
      return 0;
    }
    // Erlang B by its stable recurrence, then C from B.
    double a = servers * rho;
    double b = 1;
    for (int k = 1; k <= servers; k++) {
      b = a * b / (k + a * b);
    }
    return b / (1 - rho * (1 - b));
  }
}
