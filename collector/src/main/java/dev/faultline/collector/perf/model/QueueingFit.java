package dev.faultline.collector.perf.model;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fits a {@link QueueingModel}: a small discrete search over the queueing shape, least squares for the rest.
 *
 * <p>Shape options per raw input: each {@link FeatureKind#UTILISATION} feature queues with {@code c} in {@link
 * #SERVERS} servers (capacity 1); the request rate is either linear or queues on its own with {@code c} in {1, 4, 16}
 * servers at a capacity of {@link #RATE_CAPACITY} times the highest training rate (for services that report no
 * utilisation near their knee); {@link FeatureKind#QUANTITY} features are linear. For a given shape the model is
 * linear in its coefficients, which are fitted by non-negative least squares ({@link RidgeRegression} with every
 * coefficient constrained {@code >= 0}: more load never makes a service faster). The shape is chosen by coordinate
 * descent (two sweeps over the inputs, each option of one input tried with the others fixed, keeping the lowest
 * squared error; ties keep the earlier option), starting from a linear rate and single servers.
 *
 * <p>{@link #borrow} reuses the queueing terms fitted on p99 for another quantile: waiting shows in p99 long before
 * it reaches the median (an M/M/c median is zero until the Erlang C probability passes one half), so a p50 model
 * fitted on its own at moderate load has nothing to learn the knee from, whereas in an M/M/c queue both quantiles
 * follow from the same servers and service time. Stateless; the work is bounded by {@code 2 (1 + k) * 13} least
 * squares fits of {@code n} rows for {@code k} utilisation features.
 */
public final class QueueingFit {

  /** Server counts tried for a utilisation feature. */
  static final int[] SERVERS = {1, 2, 4, 8, 16, 32, 64};
  /** Server counts tried for the request rate. */
  static final int[] RATE_SERVERS = {1, 4, 16};
  /** Capacities tried for the request rate, as multiples of the highest training rate. */
  static final double[] RATE_CAPACITY = {1.25, 1.5, 2, 3, 5};

  private static final int SWEEPS = 2;
  static boolean RATE_QUEUES = Boolean.getBoolean("rq");
  static boolean FORWARD = !Boolean.getBoolean("noforward");
  static double MIN_GAIN = Double.parseDouble(System.getProperty("mingain", "0.02"));
  static boolean TRAIN_SSE = Boolean.getBoolean("tsse");
  /** Share of rows, those of highest rate, on which a shape is judged. */
  static final double VALIDATION_FRACTION = 0.2;

  private QueueingFit() {}

  /**
   * Fits the shape and coefficients for latency quantile {@code q}.
   *
   * @param features the resource features (raw input {@code j} is feature {@code j - 1}; input 0 is the rate)
   * @param x raw inputs
   * @param y latency at quantile {@code q}, milliseconds
   * @param q the quantile, in (0, 1)
   * @param lambda ridge penalty, >= 0
   */
  public static QueueingModel fit(List<FeatureSpec> features, double[][] x, double[] y, double q, double lambda) {
    int p = 1 + features.size();
    double maxRate = Arrays.stream(x).mapToDouble(r -> r[0]).max().orElse(0);
    List<List<Option>> options = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      options.add(options(j == 0 ? null : features.get(j - 1).kind(), maxRate));
    }
    int n = x.length;
    int nVal = Math.max(3, (int) Math.round(VALIDATION_FRACTION * n));
    int[] byRate = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> x[i][0]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    boolean[] isVal = new boolean[n];
    for (int i = n - nVal; i < n; i++) {
      isVal[byRate[i]] = true;
    }
    // Columns per (input, option), computed once.
    double[][][] columns = new double[p][][];
    for (int j = 0; j < p; j++) {
      columns[j] = new double[options.get(j).size()][];
      for (int o = 0; o < columns[j].length; o++) {
        columns[j][o] = column(x, j, options.get(j).get(o), q);
      }
    }
    int[] absent = new int[p];
    for (int j = 0; j < p; j++) {
      absent[j] = options.get(j).size() - 1;
    }
    int[] choice = absent.clone();
    double bestError = validationError(columns, choice, y, isVal, lambda);
    if (FORWARD) {
      // Forward selection: add the one term that lowers the error most, while it lowers it by MIN_GAIN.
      while (true) {
        int bestJ = -1;
        int bestO = -1;
        double stepError = bestError;
        for (int j = 0; j < p; j++) {
          if (choice[j] != absent[j]) {
            continue;
          }
          for (int o = 0; o < absent[j]; o++) {
            choice[j] = o;
            double e = validationError(columns, choice, y, isVal, lambda);
            if (e < stepError) {
              stepError = e;
              bestJ = j;
              bestO = o;
            }
          }
          choice[j] = absent[j];
        }
        if (bestJ < 0 || stepError > bestError * (1 - MIN_GAIN)) {
          break;
        }
        choice[bestJ] = bestO;
        bestError = stepError;
      }
    } else {
    for (int sweep = 0; sweep < SWEEPS; sweep++) {
      for (int j = 0; j < p; j++) {
        int keep = choice[j];
        for (int o = 0; o < columns[j].length; o++) {
          if (o == keep) {
            continue;
          }
          choice[j] = o;
          double e = validationError(columns, choice, y, isVal, lambda);
          if (e < bestError * (1 - 1e-9)) {
            bestError = e;
            keep = o;
          }
        }
        choice[j] = keep;
      }
    }
    }
    RidgeRegression.Fit fit = solve(columns, choice, y, null, lambda);
    int[] servers = new int[p];
    double[] capacity = new double[p];
    double[] coefficients = fit.coefficients();
    for (int j = 0; j < p; j++) {
      Option o = options.get(j).get(choice[j]);
      servers[j] = o.servers();
      capacity[j] = o.capacity();
      if (o.absent()) {
        coefficients[j] = 0;
      }
    }
    return new QueueingModel(q, servers, capacity, fit.intercept(), coefficients);
  }

  /** One shape option of a raw input: absent, linear ({@code servers = 0}) or queueing. */
  private record Option(int servers, double capacity, boolean absent) {}

  private static List<Option> options(FeatureKind kind, double maxRate) {
    List<Option> out = new ArrayList<>();
    out.add(new Option(0, 1, false));
    if (kind == null && maxRate > 0 && RATE_QUEUES) {
      for (int c : RATE_SERVERS) {
        for (double m : RATE_CAPACITY) {
          out.add(new Option(c, m * maxRate, false));
        }
      }
    } else if (kind == FeatureKind.UTILISATION) {
      for (int c : SERVERS) {
        out.add(new Option(c, 1, false));
      }
    }
    out.add(new Option(0, 1, true));
    return out;
  }

  /**
   * Mean squared relative error on the highest-rate rows of a fit on the others: the shape is chosen by how well it
   * extrapolates in load, not by how well it follows the rows it was fitted on.
   */
  private static double validationError(double[][][] columns, int[] choice, double[] y, boolean[] isVal,
      double lambda) {
    if (TRAIN_SSE) {
      isVal = new boolean[y.length];
      java.util.Arrays.fill(isVal, true);
      RidgeRegression.Fit f = solve(columns, choice, y, null, lambda);
      return err(f, columns, choice, y, isVal);
    }
    RidgeRegression.Fit f = solve(columns, choice, y, isVal, lambda);
    return err(f, columns, choice, y, isVal);
  }

  private static double err(RidgeRegression.Fit f, double[][][] columns, int[] choice, double[] y, boolean[] isVal) {
    double[] beta = f.coefficients();
    double s = 0;
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      if (!isVal[i] || !(y[i] > 0)) {
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

  /**
   * The queueing terms of {@code shape} (servers, capacities and service times, usually fitted on p99) at quantile
   * {@code q}, with the intercept and the linear inputs' slopes refitted on {@code y} (non-negative least squares on
   * what the queueing terms leave).
   */
  public static QueueingModel borrow(QueueingModel shape, double[][] x, double[] y, double q, double lambda) {
    int[] servers = shape.servers();
    double[] capacity = shape.capacity();
    double[] service = shape.coefficients();
    int p = servers.length;
    int[] linear = java.util.stream.IntStream.range(0, p).filter(j -> servers[j] == 0).toArray();
    double[][] z = new double[x.length][linear.length];
    double[] rest = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double offset = 0;
      for (int j = 0; j < p; j++) {
        if (servers[j] > 0) {
          offset += service[j] * QueueingModel.term(servers[j], capacity[j], q, x[i][j]);
        }
      }
      rest[i] = y[i] - offset;
      for (int a = 0; a < linear.length; a++) {
        z[i][a] = x[i][linear[a]];
      }
    }
    boolean[] nonNegative = new boolean[linear.length];
    Arrays.fill(nonNegative, true);
    RidgeRegression.Fit f = RidgeRegression.fit(z, rest, lambda, nonNegative);
    double[] slopes = new double[p];
    for (int a = 0; a < linear.length; a++) {
      slopes[linear[a]] = f.coefficients()[a];
    }
    return shape.atQuantile(q, f.intercept(), slopes);
  }

  private static double[] column(double[][] x, int j, Option o, double q) {
    double[] col = new double[x.length];
    if (!o.absent()) {
      for (int i = 0; i < x.length; i++) {
        col[i] = QueueingModel.term(o.servers(), o.capacity(), q, x[i][j]);
      }
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
