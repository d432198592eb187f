package dev.faultline.collector.perf.model;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Fits a {@link QueueingModel}: forward selection of terms judged on the highest-load rows, non-negative least
 * squares for the coefficients.
 *
 * <p>Each raw input can enter as one term: the request rate and every {@link FeatureKind#QUANTITY} linearly, every
 * {@link FeatureKind#UTILISATION} feature as an M/M/c wait with {@code c} in {@link #SERVERS} (not linearly: a pool
 * adds latency by its queue, and a linear term in a utilisation, which follows the load like the rate, only took an
 * arbitrary share of the rise; BENCHMARKS.md, "the median borrows only the terms p99 used"), every
 * {@link FeatureKind#OCCUPANCY} linearly or by its bounded {@link GcCost} term. For a given
 * set of terms the model is linear in its coefficients, fitted by non-negative least squares ({@link RidgeRegression},
 * every coefficient {@code >= 0}: more load never makes a service faster). Starting from the intercept alone, each
 * step adds the one term that lowers the error on the held-out rows most, and stops when no term lowers it by {@link
 * #MIN_GAIN}; the held-out rows are the {@link #VALIDATION_FRACTION} of rows with the highest request rate, and the
 * error is the mean squared relative error there of a fit on the other rows. So terms enter by how well they
 * extrapolate in load, and few enter: when every resource grows with the rate, many combinations follow the training
 * rows equally well and differ only beyond them.
 *
 * <p>{@link #borrow} reuses the queueing terms fitted on p99 for another quantile: waiting shows in p99 long before
 * it reaches the median (an M/M/c median is zero until the Erlang C probability passes one half), so a p50 model
 * fitted on its own at moderate load has nothing to learn the knee from, whereas in an M/M/c queue both quantiles
 * follow from the same servers and service time. Stateless; the work is bounded by {@code p (p + 1) / 2} steps' worth
 * of at most {@code 1 + |SERVERS|} least-squares fits per input, {@code p} the number of inputs.
 */
public final class QueueingFit {

  /** Server counts tried for a utilisation feature. */
  static final int[] SERVERS = {1, 2, 4, 8, 16, 32, 64};
  /** Share of rows, those of highest rate, on which terms are judged. */
  static final double VALIDATION_FRACTION = 0.2;
  /** Least relative drop in the held-out error for which a term is added. */
  static final double MIN_GAIN = 0.005;

  private QueueingFit() {}

  /**
   * Selects the terms and fits the coefficients for latency quantile {@code q}.
   *
   * @param features the resource features (raw input {@code j} is feature {@code j - 1}; input 0 is the rate)
   * @param x raw inputs, at least 10 rows
   * @param y latency at quantile {@code q}, milliseconds
   * @param q the quantile, in (0, 1)
   * @param lambda ridge penalty, >= 0
   */
  public static QueueingModel fit(List<FeatureSpec> features, double[][] x, double[] y, double q, double lambda) {
    return fit(features, x, y, q, lambda, () -> false);
  }

  /**
   * As {@link #fit(List, double[][], double[], double, double)}, within a time budget: once {@code stop} is true no
   * further term is tried, and the model keeps the terms selected so far (at least the intercept).
   */
  public static QueueingModel fit(List<FeatureSpec> features, double[][] x, double[] y, double q, double lambda,
      BooleanSupplier stop) {
    if (x.length != y.length || x.length < 10) {
      throw new IllegalArgumentException("need at least 10 rows and one latency per row, had " + x.length + " and "
          + y.length);
    }
    int p = 1 + features.size();
    // Per input, its options (servers; 0 linear) and their columns, computed once.
    int[][] options = new int[p][];
    double[][][] columns = new double[p][][];
    for (int j = 0; j < p; j++) {
      options[j] = options(j == 0 ? FeatureKind.QUANTITY : features.get(j - 1).kind());
      columns[j] = new double[options[j].length + 1][];
      for (int o = 0; o < options[j].length; o++) {
        columns[j][o] = column(x, j, options[j][o], q);
      }
      columns[j][options[j].length] = new double[x.length];
    }
    boolean[] held = highestRates(x);
    int[] choice = new int[p];
    for (int j = 0; j < p; j++) {
      choice[j] = options[j].length; // absent
    }
    double error = heldOutError(columns, choice, y, held, lambda);
    while (!stop.getAsBoolean()) {
      int bestJ = -1;
      int bestO = -1;
      double stepError = error;
      for (int j = 0; j < p; j++) {
        if (choice[j] != options[j].length) {
          continue;
        }
        for (int o = 0; o < options[j].length; o++) {
          choice[j] = o;
          double e = heldOutError(columns, choice, y, held, lambda);
          if (e < stepError) {
            stepError = e;
            bestJ = j;
            bestO = o;
          }
        }
        choice[j] = options[j].length;
      }
      if (bestJ < 0 || stepError > error * (1 - MIN_GAIN)) {
        break;
      }
      choice[bestJ] = bestO;
      error = stepError;
    }
    RidgeRegression.Fit fit = solve(columns, choice, y, null, lambda);
    int[] servers = new int[p];
    double[] coefficients = fit.coefficients();
    for (int j = 0; j < p; j++) {
      boolean absent = choice[j] == options[j].length;
      servers[j] = absent ? 0 : options[j][choice[j]];
      coefficients[j] = absent ? 0 : coefficients[j];
    }
    return new QueueingModel(q, servers, fit.intercept(), coefficients);
  }

  /**
   * The queueing terms of {@code shape} (servers and service times, usually fitted on p99) at quantile {@code q},
   * with the intercept and the linear inputs' slopes refitted on {@code y} (non-negative least squares on what the
   * queueing terms leave).
   *
   * <p>Refitted linearly: the inputs {@code shape} uses linearly, and every {@link FeatureKind#QUANTITY} feature. The
   * rate and utilisations that {@code shape}'s forward selection left out stay out: they all follow the load, and on
   * the median, still flat where it was trained, one of them would take the share of a rise that belongs to a
   * quantity and extrapolate it wrongly. Quantities (a callee's latency, GC time) add to every quantile directly, so
   * they may enter the median even when p99 explained their rise by a queue (BENCHMARKS.md, "the median borrows
   * only the terms p99 used").
   *
   * @param features the resource features {@code shape} was fitted with
   */
  public static QueueingModel borrow(List<FeatureSpec> features, QueueingModel shape, double[][] x, double[] y,
      double q, double lambda) {
    int[] servers = shape.servers();
    double[] service = shape.coefficients();
    if (features.size() + 1 != servers.length) {
      throw new IllegalArgumentException("need " + (servers.length - 1) + " features, had " + features.size());
    }
    int[] linear = IntStream.range(0, servers.length)
        .filter(j -> servers[j] <= 0 && (service[j] != 0 || j > 0 && isQuantity(features.get(j - 1))))
        .toArray();
    double[][] z = new double[x.length][linear.length];
    double[] rest = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double waiting = 0;
      for (int j = 0; j < servers.length; j++) {
        if (servers[j] > 0) {
          waiting += service[j] * QueueingModel.term(servers[j], q, x[i][j]);
        }
      }
      rest[i] = y[i] - waiting;
      for (int a = 0; a < linear.length; a++) {
        z[i][a] = QueueingModel.term(servers[linear[a]], q, x[i][linear[a]]);
      }
    }
    boolean[] nonNegative = new boolean[linear.length];
    Arrays.fill(nonNegative, true);
    RidgeRegression.Fit f = RidgeRegression.fit(z, rest, lambda, nonNegative);
    double[] slopes = new double[servers.length];
    for (int a = 0; a < linear.length; a++) {
      slopes[linear[a]] = f.coefficients()[a];
    }
    return shape.atQuantile(q, f.intercept(), slopes);
  }

  private static boolean isQuantity(FeatureSpec feature) {
    return feature.kind() == FeatureKind.QUANTITY;
  }

  /**
   * The ways an input of {@code kind} may enter ({@link QueueingModel#servers()} codes): a utilisation queueing
   * with {@link #SERVERS}; an occupancy linearly or by its bounded GC cost, never queueing; anything else linearly.
   */
  static int[] options(FeatureKind kind) {
    return switch (kind) {
      case UTILISATION -> SERVERS.clone();
      case OCCUPANCY -> new int[] {0, QueueingModel.GC_COST};
      case QUANTITY -> new int[] {0};
    };
  }

  /** The {@link #VALIDATION_FRACTION} of rows with the highest rate (ties by row order), at least 3. */
  private static boolean[] highestRates(double[][] x) {
    int n = x.length;
    int nHeld = Math.max(3, (int) Math.round(VALIDATION_FRACTION * n));
    int[] byRate = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> x[i][0]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    boolean[] held = new boolean[n];
    for (int i = n - nHeld; i < n; i++) {
      held[byRate[i]] = true;
    }
    return held;
  }

  /** Mean squared relative error on the {@code held} rows of a fit on the others. */
  private static double heldOutError(double[][][] columns, int[] choice, double[] y, boolean[] held, double lambda) {
    RidgeRegression.Fit f = solve(columns, choice, y, held, lambda);
    double[] beta = f.coefficients();
    double s = 0;
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      if (!held[i] || !(y[i] > 0)) {
        continue;
      }
      double pred = f.intercept();
      for (int j = 0; j < choice.length; j++) {
        pred += beta[j] * columns[j][choice[j]][i];
      }
      double r = (y[i] - pred) / y[i];
      s += r * r;
      n++;
    }
    return n == 0 ? 0 : s / n;
  }

  private static double[] column(double[][] x, int j, int servers, double q) {
    double[] col = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      col[i] = QueueingModel.term(servers, q, x[i][j]);
    }
    return col;
  }

  /** Non-negative least squares on the chosen columns, over the rows not {@code excluded} (null: all rows). */
  private static RidgeRegression.Fit solve(double[][][] columns, int[] choice, double[] y, boolean[] excluded,
      double lambda) {
    int p = choice.length;
    int rows = 0;
    for (int i = 0; i < y.length; i++) {
      rows += excluded != null && excluded[i] ? 0 : 1;
    }
    double[][] z = new double[rows][p];
    double[] target = new double[rows];
    int r = 0;
    for (int i = 0; i < y.length; i++) {
      if (excluded != null && excluded[i]) {
        continue;
      }
      for (int j = 0; j < p; j++) {
        z[r][j] = columns[j][choice[j]][i];
      }
      target[r++] = y[i];
    }
    boolean[] nonNegative = new boolean[p];
    Arrays.fill(nonNegative, true);
    return RidgeRegression.fit(z, target, lambda, nonNegative);
  }
}
