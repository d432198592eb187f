package dev.faultline.collector.perf.sim;

import dev.faultline.collector.perf.model.ErlangC;

/**
 * M/M/c formulas used by the simulator.
 *
 * <p>Erlang C, the probability that an arrival waits, for {@code c} servers at utilisation {@code rho = lambda / (c
 * mu)}, with offered load {@code a = c rho}:
 *
 * <pre>
 *   C(c, a) = (a^c / c!) / ((1 - rho) sum_{k<c} a^k / k! + a^c / c!)
 * </pre>
 *
 * computed with the stable Erlang B recursion {@code B_0 = 1, B_k = a B_{k-1} / (k + a B_{k-1})}, then {@code C = B
 * / (1 - rho (1 - B))}. The waiting time is 0 with probability {@code 1 - C} and otherwise exponential with rate
 * {@code c mu (1 - rho)}, so its q-quantile is {@code max(0, ln(C / (1 - q))) / (c mu (1 - rho))}. Stateless.
 */
public final class Queueing {

  private Queueing() {}

  /** Erlang C for {@code servers >= 1} and {@code rho} in [0, 1); 1 for {@code rho >= 1}. */
  public static double erlangC(int servers, double rho) {
    return ErlangC.probability(servers, rho);
  }


  /**
   * The q-quantile of the M/M/c waiting time, in the unit of {@code serviceTime}; +infinity when {@code rho >= 1}.
   */
  public static double waitQuantile(int servers, double rho, double serviceTime, double q) {
    if (rho >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    double c = erlangC(servers, rho);
    if (c <= 1 - q) {
      return 0;
    }
    return Math.log(c / (1 - q)) * serviceTime / (servers * (1 - rho));
  }
}
