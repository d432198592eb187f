package dev.faultline.collector.perf.model;

import java.util.Objects;

/**
 * An explicit queueing model of one latency quantile: a base latency, plus, per utilisation input, a service time
 * times the M/M/c waiting-time quantile at that utilisation, plus linear terms for the other inputs.
 *
 * <pre>
 *   latency_q(x) = b + sum_{j queueing} s_j w_q(c_j, x_j) + sum_{j linear} a_j x_j
 * </pre>
 *
 * with {@code w_q} from {@link MmcWait} and {@code c_j} the servers of input {@code j}; an occupancy (heap) input
 * may instead enter by its bounded {@link GcCost} term, with a coefficient like a linear one. Unlike a tree this keeps
 * rising beyond the training range, and unlike {@code u/(1-u)} it has the knee of a pool of {@code c} servers: flat
 * while nobody waits, then sharp. Fitted by {@link QueueingFit}. Attribution is exact: each input contributes its own
 * term's change. Immutable and thread-safe.
 */
public final class QueueingModel implements RegressionModel {

  /** The {@code servers} entry of an input that enters by its bounded GC-cost term ({@link GcCost}). */
  public static final int GC_COST = -1;

  private final double quantile;
  private final int[] servers;
  private final double intercept;
  private final double[] coefficients;

  /**
   * @param quantile the latency quantile q in (0, 1) the waiting terms are taken at
   * @param servers per raw input, its servers {@code c_j >= 1} when it queues, 0 when it is linear, {@link
   *     #GC_COST} when it enters by {@link GcCost#term}
   * @param intercept the base latency {@code b}
   * @param coefficients per raw input, the service time {@code s_j} (queueing) or the slope {@code a_j} (linear)
   */
  public QueueingModel(double quantile, int[] servers, double intercept, double[] coefficients) {
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1), was " + quantile);
    }
    Objects.requireNonNull(servers, "servers");
    Objects.requireNonNull(coefficients, "coefficients");
    if (servers.length != coefficients.length) {
      throw new IllegalArgumentException("servers and coefficients must have equal length, were " + servers.length
          + " and " + coefficients.length);
    }
    for (int j = 0; j < servers.length; j++) {
      if (servers[j] < GC_COST) {
        throw new IllegalArgumentException("servers must be >= 0 or GC_COST (-1), input " + j + " had "
            + servers[j]);
      }
    }
    this.quantile = quantile;
    this.servers = servers.clone();
    this.intercept = intercept;
    this.coefficients = coefficients.clone();
  }

  /**
   * Input {@code value}'s term before its coefficient: the wait quantile when it queues, the GC cost when it is an
   * occupancy, else the value itself.
   */
  static double term(int servers, double quantile, double value) {
    if (servers > 0) {
      return MmcWait.quantile(servers, value, quantile);
    }
    return servers == GC_COST ? GcCost.term(value) : value;
  }

  @Override
  public double predict(double[] x) {
    check(x);
    double s = intercept;
    for (int j = 0; j < coefficients.length; j++) {
      s += coefficients[j] * term(servers[j], quantile, x[j]);
    }
    return s;
  }

  @Override
  public double[] attribute(double[] from, double[] to) {
    check(from);
    check(to);
    double[] out = new double[from.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = coefficients[j] * (term(servers[j], quantile, to[j]) - term(servers[j], quantile, from[j]));
    }
    return out;
  }

  /** The same queueing terms (servers and service times) at quantile {@code q}, with another linear part. */
  QueueingModel atQuantile(double q, double newIntercept, double[] linearCoefficients) {
    double[] c = coefficients.clone();
    for (int j = 0; j < c.length; j++) {
      if (servers[j] <= 0) {
        c[j] = linearCoefficients[j];
      }
    }
    return new QueueingModel(q, servers, newIntercept, c);
  }

  /**
   * The fitted terms, readable: {@code "base 1.20 + 0.0300 x rate + 4.10 x heap[M/M/1]"}; inputs with a zero
   * coefficient are left out.
   *
   * @param names one name per raw input
   */
  public String describe(java.util.List<String> names) {
    if (names.size() != coefficients.length) {
      throw new IllegalArgumentException("need " + coefficients.length + " names, had " + names.size());
    }
    StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "base %.3g", intercept));
    for (int j = 0; j < coefficients.length; j++) {
      if (coefficients[j] != 0) {
        b.append(String.format(java.util.Locale.ROOT, " + %.3g x %s%s", coefficients[j], names.get(j),
            servers[j] > 0 ? "[M/M/" + servers[j] + "]" : servers[j] == GC_COST ? "[gc-cost]" : ""));
      }
    }
    return b.toString();
  }

  public double quantile() {
    return quantile;
  }

  /** Servers per raw input (0: linear, {@link #GC_COST}: bounded GC-cost term). */
  public int[] servers() {
    return servers.clone();
  }

  public double intercept() {
    return intercept;
  }

  /** Service times (queueing inputs) and slopes (linear inputs), per raw input. */
  public double[] coefficients() {
    return coefficients.clone();
  }

  private void check(double[] x) {
    if (x.length != coefficients.length) {
      throw new IllegalArgumentException("x must have " + coefficients.length + " values, had " + x.length);
    }
  }
}
