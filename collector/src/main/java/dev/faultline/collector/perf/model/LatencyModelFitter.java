package dev.faultline.collector.perf.model;

import dev.faultline.collector.perf.FeatureSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Fits the {@link ModelKind} candidates for one latency quantile of one service and keeps the selectable one (see
 * {@link #SELECTABLE}) with the lowest held-out MAPE, for p50 preferring the explicit queueing model ({@link
 * #choose}).
 *
 * <p>Held-out rows are the {@code validationFraction} of rows with the <em>highest request rate</em>, not the latest
 * ones: what-if and capacity questions extrapolate in load, so the models are compared on how well, trained on the
 * lower loads, they predict the higher ones. (A time split favours trees, which interpolate well and then go flat
 * beyond the range they saw.) The ridge penalty is chosen from {@code lambdas} on the same rows. The queueing
 * candidates ({@link QueueingFit}) learn their servers and service times from p99 and share them with p50. The
 * uncertainty band is the {@code [bandLow, bandHigh]} empirical quantiles of the held-out ratios {@code actual /
 * predicted} of the chosen model, widened to contain 1, and is widened further for predictions beyond the training
 * range ({@link Fitted#bandAt}). The chosen model is then refitted on all rows. Every candidate sees, besides the
 * raw inputs, each utilisation's service demand per request ({@link ServiceDemands}), and the returned models take
 * raw inputs. Stateless and thread-safe.
 */
public final class LatencyModelFitter {


  /**
   * The kinds that can be chosen. Trees alone are fitted and their held-out error reported, but they are not
   * selectable: they are flat beyond the highest load seen, and on the simulated cases they won the held-out
   * comparison in some services and then had the worst error at 1.5x load in nearly all (BENCHMARKS.md). Boosted
   * trees still serve, on the ridge residuals, in {@link ModelKind#RIDGE_GBT}.
   */
  static final java.util.Set<ModelKind> SELECTABLE = java.util.EnumSet.of(ModelKind.RIDGE, ModelKind.RIDGE_GBT,
      ModelKind.QUEUEING, ModelKind.QUEUEING_GBT, ModelKind.QUEUEING_RIDGE);

  /** The quantile whose latency the queueing shape is learnt from ({@link QueueingFit#borrow}). */
  public static final double SHAPE_QUANTILE = 0.99;

  /**
   * Fitting parameters.
   *
   * @param validationFraction fraction of rows held out, in (0, 0.5]
   * @param lambdas candidate ridge penalties, non-empty, each >= 0
   * @param gbt boosting parameters (also used for the trees on ridge residuals)
   * @param minRows fewest rows accepted, >= 10
   * @param bandLow lower quantile of the band, in (0, 0.5)
   * @param bandHigh upper quantile of the band, in (0.5, 1)
   */
  public record Config(
      double validationFraction, double[] lambdas, GradientBoostedTrees.Params gbt, int minRows, double bandLow,
      double bandHigh) {

    /** Validates every parameter; messages name the parameter. */
    public Config {
      if (!(validationFraction > 0 && validationFraction <= 0.5)) {
        throw new IllegalArgumentException("validationFraction must be in (0, 0.5], was " + validationFraction);
      }
      Objects.requireNonNull(lambdas, "lambdas");
      if (lambdas.length == 0 || Arrays.stream(lambdas).anyMatch(l -> !(l >= 0) || Double.isInfinite(l))) {
        throw new IllegalArgumentException("lambdas must be non-empty, finite and >= 0: " + Arrays.toString(lambdas));
      }
      Objects.requireNonNull(gbt, "gbt");
      if (minRows < 10) {
        throw new IllegalArgumentException("minRows must be >= 10, was " + minRows);
      }
      if (!(bandLow > 0 && bandLow < 0.5) || !(bandHigh > 0.5 && bandHigh < 1)) {
        throw new IllegalArgumentException("bandLow must be in (0, 0.5) and bandHigh in (0.5, 1), were "
            + bandLow + ", " + bandHigh);
      }
      lambdas = lambdas.clone();
    }

    /** A copy of the candidate ridge penalties (the record keeps its own). */
    @Override
    public double[] lambdas() {
      return lambdas.clone();
    }

    /** 20% held out, lambdas 0.01 .. 100, {@link GradientBoostedTrees.Params#defaults}, 30 rows, 5%-95% band. */
    public static Config defaults(long seed) {
      return new Config(0.2, new double[] {0.01, 0.1, 1, 10, 100}, GradientBoostedTrees.Params.defaults(seed), 30,
          0.05, 0.95);
    }
  }

  /**
   * The chosen model for one quantile.
   *
   * @param chosen the kind with the lowest held-out MAPE
   * @param model the chosen kind refitted on all rows
   * @param heldOutMape per kind, MAPE (percent) on the held-out rows when trained on the others
   * @param bandLowRatio lower band as a multiple of the prediction (<= 1)
   * @param bandHighRatio upper band as a multiple of the prediction (>= 1)
   * @param lambda the ridge penalty chosen on the held-out rows (used by the ridge parts)
   * @param heldOutDistance how far the held-out rows lie beyond the rows trained on: the median of {@code rate /
   *     maxTrainedRate - 1} over held-out rows, at least {@value #MIN_DISTANCE}; the band was measured at this
   *     extrapolation distance
   */
  public record Fitted(
      ModelKind chosen, RegressionModel model, Map<ModelKind, Double> heldOutMape, double bandLowRatio,
      double bandHighRatio, double lambda, double heldOutDistance) {

    /**
     * The band ratios widened for a prediction at {@code distance = rate / maxTrainingRate - 1} beyond the training
     * range: in log space the band grows linearly with the distance, {@code ratio^(1 + distance /
     * heldOutDistance)}, on the assumption that extrapolation error grows in proportion to how far one
     * extrapolates; inside the range ({@code distance <= 0}) the band is as measured. Returns {low, high}.
     */
    public double[] bandAt(double distance) {
      double k = 1 + Math.max(0, distance) / heldOutDistance;
      return new double[] {Math.pow(bandLowRatio, k), Math.pow(bandHighRatio, k)};
    }
  }

  /** Floor of {@link Fitted#heldOutDistance()}, so a band is never widened by more than a factor 1 per 5% of load. */
  public static final double MIN_DISTANCE = 0.05;

  private LatencyModelFitter() {}

  /**
   * Fits and selects.
   *
   * @param features the resource features (raw inputs are the rate followed by these)
   * @param x raw inputs, one per row
   * @param y latency targets in milliseconds
   * @param config parameters
   * @param stop time budget, forwarded to the boosting loops
   * @throws IllegalArgumentException with fewer than {@code config.minRows()} rows
   */
  public static Fitted fit(List<FeatureSpec> features, double[][] x, double[] y, Config config, BooleanSupplier stop) {
    return fit(features, x, y, SHAPE_QUANTILE, y, config, stop);
  }

  /**
   * Fits and selects for latency quantile {@code q}; the queueing candidates learn their shape from {@code p99}
   * (the same rows' p99 latency, {@link #SHAPE_QUANTILE}) and borrow it when {@code q} is another quantile.
   *
   * @param q the quantile {@code y} holds, in (0, 1)
   * @param p99 the rows' p99 latency (may be {@code y} itself when {@code q} is {@link #SHAPE_QUANTILE})
   */
  public static Fitted fit(List<FeatureSpec> features, double[][] x, double[] y, double q, double[] p99,
      Config config, BooleanSupplier stop) {
    if (x.length != y.length || p99.length != y.length) {
      throw new IllegalArgumentException("x and y must have equal length");
    }
    if (x.length < config.minRows()) {
      throw new IllegalArgumentException("need at least " + config.minRows() + " rows, had " + x.length);
    }
    ServiceDemands demands = ServiceDemands.of(features, x);
    Fitted f = fitExtended(demands.features(), demands.extendAll(x), y, q, p99, config, stop);
    return new Fitted(f.chosen(), demands.over(f.model()), f.heldOutMape(), f.bandLowRatio(), f.bandHighRatio(),
        f.lambda(), f.heldOutDistance());
  }

  /** {@link #fit(List, double[][], double[], double, double[], Config, BooleanSupplier)} on inputs with demands. */
  private static Fitted fitExtended(List<FeatureSpec> features, double[][] x, double[] y, double q, double[] p99,
      Config config, BooleanSupplier stop) {
    QueueingDesign design = new QueueingDesign(features);
    int n = x.length;
    int nVal = Math.max(3, (int) Math.round(config.validationFraction() * n));
    int[] byRate = IntStream.range(0, n).boxed()
        .sorted(java.util.Comparator.comparingDouble((Integer i) -> x[i][0]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    int[] train = Arrays.copyOfRange(byRate, 0, n - nVal);
    int[] val = Arrays.copyOfRange(byRate, n - nVal, n);
    double[][] xt = rows(x, train);
    double[] yt = values(y, train);
    Target target = new Target(features, q, values(p99, train), stop);
    double[][] xv = rows(x, val);
    double[] yv = values(y, val);

    double bestLambda = config.lambdas()[0];
    double bestRidge = Double.POSITIVE_INFINITY;
    for (double lambda : config.lambdas()) {
      double e = Errors.mape(yv, predictAll(RidgeModel.fit(design, xt, yt, lambda), xv));
      if (e < bestRidge) {
        bestRidge = e;
        bestLambda = lambda;
      }
    }
    Map<ModelKind, RegressionModel> candidates = new EnumMap<>(ModelKind.class);
    for (ModelKind kind : ModelKind.values()) {
      candidates.put(kind, fitKind(kind, design, target, xt, yt, bestLambda, config, stop));
    }
    Map<ModelKind, Double> mape = new EnumMap<>(ModelKind.class);
    for (ModelKind kind : ModelKind.values()) {
      mape.put(kind, Errors.mape(yv, predictAll(candidates.get(kind), xv)));
    }
    ModelKind chosen = choose(mape, q != SHAPE_QUANTILE);
    double[] pv = predictAll(candidates.get(chosen), xv);
    double[] ratios = new double[yv.length];
    for (int i = 0; i < yv.length; i++) {
      ratios[i] = yv[i] / Math.max(pv[i], 1e-9);
    }
    double low = Math.min(1.0, Errors.quantile(ratios, config.bandLow()));
    double high = Math.max(1.0, Errors.quantile(ratios, config.bandHigh()));
    double maxTrained = Arrays.stream(xt).mapToDouble(r -> r[0]).max().orElse(0);
    double[] distances = Arrays.stream(xv).mapToDouble(r -> maxTrained > 0 ? r[0] / maxTrained - 1 : 0).toArray();
    double distance = Math.max(MIN_DISTANCE, Errors.quantile(distances, 0.5));
    RegressionModel refit = fitKind(chosen, design, new Target(features, q, p99, stop), x, y, bestLambda, config,
        stop);
    return new Fitted(chosen, refit, Map.copyOf(mape), low, high, bestLambda, distance);
  }

  /**
   * Fits one kind on all the given rows, without selection (for benchmarks that compare every kind).
   *
   * @param lambda ridge penalty for the ridge parts, >= 0
   */
  public static RegressionModel fitKind(ModelKind kind, List<FeatureSpec> features, double[][] x, double[] y,
      double q, double[] p99, double lambda, Config config, BooleanSupplier stop) {
    ServiceDemands demands = ServiceDemands.of(features, x);
    List<FeatureSpec> extended = demands.features();
    return demands.over(fitKind(kind, new QueueingDesign(extended), new Target(extended, q, p99, stop),
        demands.extendAll(x), y, lambda, config, stop));
  }

  /**
   * What the queueing candidates need besides the rows: the features' kinds, the quantile, p99 for the shape, and
   * the time budget. Keeps the last fit, as three candidates share the same queueing model on the same rows.
   */
  private static final class Target {
    private final List<FeatureSpec> features;
    private final double q;
    private final double[] p99;
    private final BooleanSupplier stop;
    private double[][] lastX;
    private QueueingModel last;

    Target(List<FeatureSpec> features, double q, double[] p99, BooleanSupplier stop) {
      this.features = features;
      this.q = q;
      this.p99 = p99;
      this.stop = stop;
    }

    /** The queueing model for rows {@code x} (with {@code y} this target's latencies for them). */
    QueueingModel queueing(double[][] x, double[] y, double lambda) {
      if (x != lastX) {
        last = q == SHAPE_QUANTILE
            ? QueueingFit.fit(features, x, y, q, lambda, stop)
            : QueueingFit.borrow(features, QueueingFit.fit(features, x, p99, SHAPE_QUANTILE, lambda, stop), x, y,
                q, lambda);
        lastX = x;
      }
      return last;
    }
  }

  private static RegressionModel fitKind(ModelKind kind, QueueingDesign design, Target target, double[][] x,
      double[] y, double lambda, Config config, BooleanSupplier stop) {
    switch (kind) {
      case RIDGE:
        return RidgeModel.fit(design, x, y, lambda);
      case GBT:
        return GradientBoostedTrees.fit(x, y, config.gbt(), stop);
      case RIDGE_GBT:
        RidgeModel ridge = RidgeModel.fit(design, x, y, lambda);
        double[] residual = new double[y.length];
        for (int i = 0; i < y.length; i++) {
          residual[i] = y[i] - ridge.predict(x[i]);
        }
        return RegressionModel.sum(ridge, GradientBoostedTrees.fit(x, residual, config.gbt(), stop));
      case QUEUEING:
        return target.queueing(x, y, QUEUEING_LAMBDA);
      case QUEUEING_GBT:
        return withResidualTrees(target.queueing(x, y, QUEUEING_LAMBDA), x, y, config, stop);
      case QUEUEING_RIDGE:
        return RegressionModel.mean(target.queueing(x, y, QUEUEING_LAMBDA), RidgeModel.fit(design, x, y, lambda));
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * Ridge penalty of the queueing model: small, as its few shape-constrained, non-negative coefficients need no
   * shrinking, and shrinking the service time would flatten the knee it extrapolates.
   */
  public static final double QUEUEING_LAMBDA = 0.01;

  private static RegressionModel withResidualTrees(RegressionModel base, double[][] x, double[] y, Config config,
      BooleanSupplier stop) {
    double[] residual = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      residual[i] = y[i] - base.predict(x[i]);
    }
    return RegressionModel.sum(base, GradientBoostedTrees.fit(x, residual, config.gbt(), stop));
  }

  /** Factor on the queueing model's held-out error in {@link #choose}: others must beat it by a quarter. */
  static final double QUEUEING_PREFERENCE = 0.75;

  /**
   * The selectable kind with the lowest held-out MAPE. For a quantile that borrows its queueing shape from p99 (p50),
   * the queueing model's error counts {@link #QUEUEING_PREFERENCE} times its value: its knee was learnt where p99
   * shows it, while the held-out rows, just above the rows trained on, are still below the load at which the median
   * starts to wait, so they cannot show the other kinds missing it (BENCHMARKS.md, "queueing baseline"). For p99
   * the held-out rows already show the knee, and the plain error decides.
   */
  static ModelKind choose(Map<ModelKind, Double> mape, boolean borrowedShape) {
    ModelKind chosen = null;
    double best = Double.POSITIVE_INFINITY;
    for (ModelKind kind : SELECTABLE) {
      double e = mape.get(kind) * (borrowedShape && kind == ModelKind.QUEUEING ? QUEUEING_PREFERENCE : 1);
      if (chosen == null || e < best) {
        chosen = kind;
        best = e;
      }
    }
    return chosen;
  }

  /** Predictions of {@code model} for every row. */
  public static double[] predictAll(RegressionModel model, double[][] x) {
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      p[i] = model.predict(x[i]);
    }
    return p;
  }

  private static double[][] rows(double[][] x, int[] idx) {
    double[][] out = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      out[i] = x[idx[i]];
    }
    return out;
  }

  private static double[] values(double[] y, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = y[idx[i]];
    }
    return out;
  }
}
