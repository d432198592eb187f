package dev.faultline.collector.perf.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Gradient-boosted regression trees for squared loss (Friedman, "Greedy function approximation", 2001; stochastic
 * variant, 2002), written here because no small, well-kept, permissively licensed Java library fits a collector (the
 * usual candidates, XGBoost4J and LightGBM, are native and large; Smile's recent releases are GPL-3.0/LGPL-3.0).
 *
 * <pre>
 *   F_0(x) = mean(y)
 *   F_m(x) = F_{m-1}(x) + learningRate * h_m(x),  h_m = tree fitted to the residuals y - F_{m-1}(x)
 * </pre>
 *
 * on a row subsample of fraction {@code subsample} drawn without replacement from a {@link Random} seeded with
 * {@code seed}, so a fit is a pure function of (data, parameters, seed). Trees are {@link RegressionTree}s limited by
 * {@code maxDepth} and {@code minSamplesLeaf}. Fitting stops early, with the trees built so far, when the {@code stop}
 * supplier answers true (the trainer's time budget); at least one tree is always built. Like every tree ensemble
 * the prediction is flat outside the training range, which is why {@link LatencyModelFitter} also offers the ridge
 * model and ridge-plus-trees. Attribution sums the Saabas path credits of the trees (the constant {@code F_0}
 * cancels in differences). Thread-safe once fitted (immutable).
 *
 * <pre>{@code
 * GradientBoostedTrees.Params p = new GradientBoostedTrees.Params(100, 0.1, 3, 5, 0.8, 42L);
 * GradientBoostedTrees gbt = GradientBoostedTrees.fit(x, y, p, () -> false);
 * double yHat = gbt.predict(x[0]);
 * }</pre>
 */
public final class GradientBoostedTrees implements RegressionModel {

  /**
   * Boosting parameters.
   *
   * @param trees number of boosting rounds, >= 1
   * @param learningRate shrinkage, in (0, 1]
   * @param maxDepth maximum tree depth, in [1, 16]
   * @param minSamplesLeaf minimum rows per leaf, >= 1
   * @param subsample fraction of rows per tree, in (0, 1]
   * @param seed seed of the row subsampling
   * @param monotone whether every tree is non-decreasing in every input (see {@link RegressionTree}); latency models
   *     use it because more load or resource use never makes a service faster
   */
  public record Params(int trees, double learningRate, int maxDepth, int minSamplesLeaf, double subsample, long seed,
      boolean monotone) {

    /** Validates every parameter; messages name the parameter. */
    public Params {
      if (trees < 1) {
        throw new IllegalArgumentException("trees must be >= 1, was " + trees);
      }
      if (!(learningRate > 0 && learningRate <= 1)) {
        throw new IllegalArgumentException("learningRate must be in (0, 1], was " + learningRate);
      }
      if (maxDepth < 1 || maxDepth > 16) {
        throw new IllegalArgumentException("maxDepth must be in [1, 16], was " + maxDepth);
      }
      if (minSamplesLeaf < 1) {
        throw new IllegalArgumentException("minSamplesLeaf must be >= 1, was " + minSamplesLeaf);
      }
      if (!(subsample > 0 && subsample <= 1)) {
        throw new IllegalArgumentException("subsample must be in (0, 1], was " + subsample);
      }
    }

    /** Unconstrained trees. */
    public Params(int trees, double learningRate, int maxDepth, int minSamplesLeaf, double subsample, long seed) {
      this(trees, learningRate, maxDepth, minSamplesLeaf, subsample, seed, false);
    }

    /** 150 monotone trees, learning rate 0.1, depth 3, 5 rows per leaf, 80% subsample. */
    public static Params defaults(long seed) {
      return new Params(150, 0.1, 3, 5, 0.8, seed, true);
    }
  }

  private final double base;
  private final double learningRate;
  private final List<RegressionTree> trees;

  private GradientBoostedTrees(double base, double learningRate, List<RegressionTree> trees) {
    this.base = base;
    this.learningRate = learningRate;
    this.trees = List.copyOf(trees);
  }

  /**
   * Fits the ensemble.
   *
   * @param x raw inputs, non-empty, all rows of the same length
   * @param y targets, one per row
   * @param params boosting parameters
   * @param stop asked before each tree after the first; true stops fitting
   * @return the fitted ensemble
   */
  public static GradientBoostedTrees fit(double[][] x, double[] y, Params params, BooleanSupplier stop) {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(stop, "stop");
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("x and y must be non-empty and of equal length: " + x.length + ", " + y.length);
    }
    int n = x.length;
    double base = Arrays.stream(y).average().orElse(0);
    double[] f = new double[n];
    Arrays.fill(f, base);
    int[][] order = RegressionTree.sortOrder(x);
    Random random = new Random(params.seed());
    int sampleSize = Math.max(1, (int) Math.round(params.subsample() * n));
    double[] residual = new double[n];
    List<RegressionTree> trees = new ArrayList<>();
    for (int m = 0; m < params.trees(); m++) {
      if (m > 0 && stop.getAsBoolean()) {
        break;
      }
      for (int i = 0; i < n; i++) {
        residual[i] = y[i] - f[i];
      }
      boolean[] in = sample(n, sampleSize, random);
      RegressionTree tree = RegressionTree.grow(x, residual, order, in, params.maxDepth(), params.minSamplesLeaf(),
          params.monotone());
      trees.add(tree);
      for (int i = 0; i < n; i++) {
        f[i] += params.learningRate() * tree.predict(x[i]);
      }
    }
    return new GradientBoostedTrees(base, params.learningRate(), trees);
  }

  /** Selection sampling (Knuth's Algorithm S): exactly {@code k} of {@code n} rows, each subset equally likely. */
  private static boolean[] sample(int n, int k, Random random) {
    boolean[] in = new boolean[n];
    int needed = k;
    for (int i = 0; i < n && needed > 0; i++) {
      if (random.nextInt(n - i) < needed) {
        in[i] = true;
        needed--;
      }
    }
    return in;
  }

  @Override
  public double predict(double[] x) {
    double s = base;
    for (RegressionTree t : trees) {
      s += learningRate * t.predict(x);
    }
    return s;
  }

  @Override
  public double[] attribute(double[] from, double[] to) {
    double[] out = new double[from.length];
    for (RegressionTree t : trees) {
      t.addPathCredits(to, learningRate, out);
      t.addPathCredits(from, -learningRate, out);
    }
    return out;
  }

  /** Number of trees actually built (fewer than requested when stopped early). */
  public int treeCount() {
    return trees.size();
  }

  /** The trees (visible for testing). */
  List<RegressionTree> trees() {
    return trees;
  }
}
