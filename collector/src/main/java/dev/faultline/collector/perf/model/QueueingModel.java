package dev.faultline.collector.perf.model;

import java.util.Objects;

/**
 * An explicit queueing model of one latency quantile: a base latency, plus, per queueing input, a service time times
 * the M/M/c waiting-time quantile at that input's utilisation, plus linear terms for the other inputs.
 *
 * <pre>
 *   latency_q(x) = b + sum_{j queueing} s_j w_q(c_j, x_j / K_j) + sum_{j linear} a_j x_j
 * </pre>
 *
 * with {@code w_q} from {@link MmcWait}, {@code c_j} the servers and {@code K_j} the capacity of input {@code j}
 * (1 for a utilisation feature, a rate for the request rate, whose utilisation is {@code rate / K}). Unlike a tree
 * this keeps rising beyond the training range, and unlike {@code u/(1-u)} it has the knee of a pool of {@code c}
 * servers. Fitted by {@link QueueingFit}. Attribution is exact: each input contributes its own term's change.
 * Immutable and thread-safe.
 */
public final class QueueingModel implements RegressionModel {

  private final double quantile;
  private final int[] servers;
  private final double[] capacity;
  private final double intercept;
  private final double[] coefficients;

  /**
   * @param quantile the latency quantile q in (0, 1) the waiting terms are taken at
   * @param servers per raw input, its servers {@code c_j >= 1} when queueing, 0 when linear
   * @param capacity per raw input, {@code K_j > 0} (ignored for linear inputs)
   * @param intercept the base latency {@code b}
   * @param coefficients per raw input, {@code s_j} (queueing) or {@code a_j} (linear)
   */
  public QueueingModel(double quantile, int[] servers, double[] capacity, double intercept, double[] coefficients) {
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1), was " + quantile);
    }
    Objects.requireNonNull(servers, "servers");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(coefficients, "coefficients");
    if (servers.length != capacity.length || servers.length != coefficients.length) {
      throw new IllegalArgumentException("servers, capacity and coefficients must have equal length");
    }
    for (int j = 0; j < servers.length; j++) {
      if (servers[j] < 0 || (servers[j] > 0 && !(capacity[j] > 0))) {
        throw new IllegalArgumentException("input " + j + ": servers must be >= 0 and capacity > 0 when queueing");
      }
    }
    this.quantile = quantile;
    this.servers = servers.clone();
    this.capacity = capacity.clone();
    this.intercept = intercept;
    this.coefficients = coefficients.clone();
  }

  /** The value of input {@code j}'s term before its coefficient: the wait quantile, or the input itself. */
  static double term(int servers, double capacity, double quantile, double value) {
    return servers > 0 ? MmcWait.quantile(servers, value / capacity, quantile) : value;
  }

  @Override
  public double predict(double[] x) {
    check(x);
    double s = intercept;
    for (int j = 0; j < coefficients.length; j++) {
      s += coefficients[j] * term(servers[j], capacity[j], quantile, x[j]);
    }
    return s;
  }

  @Override
  public double[] attribute(double[] from, double[] to) {
    check(from);
    check(to);
    double[] out = new double[from.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = coefficients[j] * (term(servers[j], capacity[j], quantile, to[j])
          - term(servers[j], capacity[j], quantile, from[j]));
    }
    return out;
  }

  /** The same queueing terms (servers, capacities, service times) at another quantile, other linear part. */
  QueueingModel atQuantile(double q, double newIntercept, double[] linearCoefficients) {
    double[] c = coefficients.clone();
    for (int j = 0; j < c.length; j++) {
      if (servers[j] == 0) {
        c[j] = linearCoefficients[j];
      }
    }
    return new QueueingModel(q, servers, capacity, newIntercept, c);
  }

  public double quantile() {
    return quantile;
  }

  /** Servers per raw input (0: linear). */
  public int[] servers() {
    return servers.clone();
  }

  /** Capacity per raw input. */
  public double[] capacity() {
    return capacity.clone();
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
