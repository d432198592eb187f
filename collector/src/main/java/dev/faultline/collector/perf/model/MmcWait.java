package dev.faultline.collector.perf.model;

/**
 * Quantiles of the M/M/c waiting time in units of the mean service time: the shape of the queueing term of {@link
 * QueueingModel}.
 *
 * <p>With {@code c} servers at utilisation {@code u}, an arrival waits with the Erlang C probability {@code C(c, u)}
 * and then for an exponential time of rate {@code c (1 - u)} service rates, so the {@code q}-quantile of the wait is
 *
 * <pre>
 *   w_q(c, u) = max(0, ln(C(c, u) / (1 - q))) / (c (1 - u)),   u clipped to [0, {@link #U_MAX}]
 * </pre>
 *
 * {@code C} comes from the stable Erlang B recursion {@code B_0 = 1, B_k = a B_{k-1} / (k + a B_{k-1})}, {@code a =
 * c u}, then {@code C = B / (1 - u (1 - B))}. A single server ({@code c = 1}) has the steepest early rise; many servers
 * wait not at all until close to saturation and then rise sharply. At the median ({@code q = 0.5}) nobody waits
 * until {@code C > 0.5}, which is why a p50 model learns its queueing shape from p99 ({@link QueueingModel}). Pure
 * functions.
 */
public final class MmcWait {

  /** Utilisation at which the wait is clipped (the same as the ridge design's, {@link QueueingDesign#U_MAX}). */
  public static final double U_MAX = QueueingDesign.U_MAX;

  private MmcWait() {}

  /** Erlang C for {@code servers >= 1} at utilisation {@code u} clipped to [0, {@link #U_MAX}]. */
  public static double erlangC(int servers, double u) {
    return ErlangC.probability(servers, clip(u));
  }


  /**
   * The {@code q}-quantile of the waiting time in units of the mean service time, {@code w_q(c, u)} above.
   *
   * @param servers c, >= 1
   * @param u utilisation (clipped to [0, {@link #U_MAX}])
   * @param q probability in (0, 1)
   */
  public static double quantile(int servers, double u, double q) {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("q must be in (0, 1), was " + q);
    }
    double c = erlangC(servers, u);
    if (c <= 1 - q) {
      return 0;
    }
    return Math.log(c / (1 - q)) / (servers * (1 - clip(u)));
  }

  private static double clip(double u) {
    return Math.min(Math.max(u, 0.0), U_MAX);
  }
}
