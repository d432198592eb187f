package dev.faultline.collector.perf;

import dev.faultline.collector.perf.model.QueueingDesign;

/**
 * How close a feature runs to saturation, on the M/M/1 scale: a utilisation {@code u} in [0, 1], and the growth of
 * the queueing term {@code q(u) = u / (1 - u)} ({@link QueueingDesign#queueingTerm}) between two loads, which is the
 * growth of the mean waiting time in units of service time.
 *
 * <p>A {@link FeatureKind#UTILISATION} or {@link FeatureKind#OCCUPANCY} feature is its own utilisation. A {@link FeatureKind#QUANTITY} (a callee's
 * latency, a GC time fraction) has none; its <em>implied</em> utilisation is the one under which an M/M/1 response
 * {@code v = c / (1 - rho)}, with {@code rho} proportional to the rate, grows by the observed factor {@code g =
 * v(to) / v(from)} when the rate grows by {@code m}: {@code rho_from = (g - 1) / (m g - 1)}, {@code rho_to = m
 * rho_from} (0 when the quantity does not grow with the load). Pure functions.
 */
public final class Headroom {

  private Headroom() {}

  /**
   * The utilisations of one feature at the current and the what-if load, {from, to}, each in [0, {@link
   * QueueingDesign#U_MAX}].
   *
   * @param kind the feature's kind
   * @param from the feature's value at the current load
   * @param to its value at the what-if load
   * @param multiple the what-if rate divided by the current rate, > 0
   */
  public static double[] utilisations(FeatureKind kind, double from, double to, double multiple) {
    if (kind.isFraction()) {
      return new double[] {clip(from), clip(to)};
    }
    if (!(from > 0) || !(to > 0) || multiple == 1) {
      return new double[] {0, 0};
    }
    double g = to / from;
    double rhoFrom = (g - 1) / (multiple * g - 1);
    if (!(rhoFrom > 0) || Double.isInfinite(rhoFrom)) {
      return new double[] {0, 0};
    }
    return new double[] {clip(rhoFrom), clip(multiple * rhoFrom)};
  }

  /** The growth of the queueing term between the two utilisations {@code {from, to}}. */
  public static double queueGrowth(double[] utilisations) {
    return QueueingDesign.queueingTerm(utilisations[1]) - QueueingDesign.queueingTerm(utilisations[0]);
  }

  private static double clip(double u) {
    return Math.min(Math.max(u, 0), QueueingDesign.U_MAX);
  }
}
