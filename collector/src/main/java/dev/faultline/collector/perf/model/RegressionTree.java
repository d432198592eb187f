package dev.faultline.collector.perf.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A least-squares regression tree (CART), the weak learner of {@link GradientBoostedTrees}.
 *
 * <p>Growing: a node holding rows {@code I} is split on the feature {@code f} and threshold {@code t} that maximise
 * the squared-error reduction {@code S_L^2/n_L + S_R^2/n_R - S^2/n} (S = sum of targets), over thresholds midway
 * between consecutive distinct values, subject to both children holding at least {@code minSamplesLeaf} rows; a node
 * at {@code maxDepth}, with fewer than {@code 2 * minSamplesLeaf} rows, or without a gain above zero is a leaf. Rows go
 * left when {@code x[f] <= t}. Every node stores the mean of its rows, which gives the path attribution of Saabas
 * ("Interpreting random forests", 2014): along the path of {@code x}, each split credits {@code mean(child) -
 * mean(node)} to its feature, so the credits sum to {@code leaf(x) - mean(root)}. Ties between equally good splits
 * go to the lower feature index and then the lower threshold, so growing is deterministic.
 *
 * <p>Optionally the tree is <em>monotone non-decreasing in every feature</em>, with the bound propagation XGBoost uses
 * for monotone constraints: a split is admissible only if {@code mean(left) <= mean(right)}; a node carries bounds
 * {@code [lo, hi]} (initially unbounded), its value is its mean clipped to them, and its children get {@code [lo,
 * mid]} and {@code [mid, hi]} with {@code mid} the midpoint of their clipped means. Every leaf right of a split then
 * holds at least every leaf left of it, so raising any input never lowers the prediction. Immutable once grown.
 */
final class RegressionTree {

  private final int[] feature;
  private final double[] threshold;
  private final int[] left;
  private final int[] right;
  private final double[] value;
  private final int[] count;

  private RegressionTree(Builder b) {
    int n = b.feature.size();
    feature = b.feature.stream().mapToInt(Integer::intValue).toArray();
    threshold = b.threshold.stream().mapToDouble(Double::doubleValue).toArray();
    left = b.left.stream().mapToInt(Integer::intValue).toArray();
    right = b.right.stream().mapToInt(Integer::intValue).toArray();
    value = b.value.stream().mapToDouble(Double::doubleValue).toArray();
    count = b.count.stream().mapToInt(Integer::intValue).toArray();
    assert n == value.length;
  }

  /**
   * Grows a tree on the rows with {@code inSample[i]}.
   *
   * @param x raw inputs, row-major
   * @param target the values to fit (residuals, for boosting)
   * @param order per feature, all row indices sorted by that feature's value (shared across trees)
   * @param inSample which rows take part
   * @param monotone whether to constrain the tree to be non-decreasing in every feature
   */
  static RegressionTree grow(double[][] x, double[] target, int[][] order, boolean[] inSample, int maxDepth,
      int minSamplesLeaf, boolean monotone) {
    int[] nodeOf = new int[x.length];
    Builder b = new Builder();
    int rootCount = 0;
    double rootSum = 0;
    for (int i = 0; i < x.length; i++) {
      nodeOf[i] = inSample[i] ? 0 : -1;
      if (inSample[i]) {
        rootCount++;
        rootSum += target[i];
      }
    }
    if (rootCount == 0) {
      throw new IllegalArgumentException("inSample must select at least one row");
    }
    b.add(rootSum / rootCount, rootCount);
    Growth g = new Growth(x, target, order, nodeOf, maxDepth, minSamplesLeaf, monotone);
    g.split(b, 0, 0, rootSum, rootCount, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    return new RegressionTree(b);
  }

  /** The data and limits of one growth, so the recursion passes only the node's own state. */
  private record Growth(double[][] x, double[] target, int[][] order, int[] nodeOf, int maxDepth,
      int minSamplesLeaf, boolean monotone) {

    void split(Builder b, int node, int depth, double sum, int n, double lo, double hi) {
      if (depth >= maxDepth || n < 2 * minSamplesLeaf) {
        return;
      }
      double baseScore = sum * sum / n;
      double bestGain = 1e-12 * Math.max(1.0, Math.abs(baseScore));
      int bestFeature = -1;
      double bestThreshold = 0;
      for (int f = 0; f < order.length; f++) {
        double leftSum = 0;
        int leftN = 0;
        double prev = Double.NaN;
        for (int i : order[f]) {
          if (nodeOf[i] != node) {
            continue;
          }
          double v = x[i][f];
          if (leftN >= minSamplesLeaf && n - leftN >= minSamplesLeaf && v > prev
              && (!monotone || leftSum / leftN <= (sum - leftSum) / (n - leftN))) {
            double rightSum = sum - leftSum;
            double gain = leftSum * leftSum / leftN + rightSum * rightSum / (n - leftN) - baseScore;
            if (gain > bestGain) {
              bestGain = gain;
              bestFeature = f;
              bestThreshold = prev + (v - prev) / 2;
            }
          }
          leftSum += target[i];
          leftN++;
          prev = v;
        }
      }
      if (bestFeature < 0) {
        return;
      }
      double leftSum = 0;
      int leftN = 0;
      for (int i = 0; i < x.length; i++) {
        if (nodeOf[i] == node && x[i][bestFeature] <= bestThreshold) {
          leftSum += target[i];
          leftN++;
        }
      }
      double rightSum = sum - leftSum;
      int rightN = n - leftN;
      double leftValue = clip(leftSum / leftN, lo, hi);
      double rightValue = clip(rightSum / rightN, lo, hi);
      double mid = (leftValue + rightValue) / 2;
      int l = b.add(leftValue, leftN);
      int r = b.add(rightValue, rightN);
      b.feature.set(node, bestFeature);
      b.threshold.set(node, bestThreshold);
      b.left.set(node, l);
      b.right.set(node, r);
      for (int i = 0; i < x.length; i++) {
        if (nodeOf[i] == node) {
          nodeOf[i] = x[i][bestFeature] <= bestThreshold ? l : r;
        }
      }
      split(b, l, depth + 1, leftSum, leftN, lo, monotone ? mid : hi);
      split(b, r, depth + 1, rightSum, rightN, monotone ? mid : lo, hi);
    }

    private static double clip(double v, double lo, double hi) {
      return Math.max(lo, Math.min(hi, v));
    }
  }

  /** The leaf value for {@code x}. */
  double predict(double[] x) {
    int node = 0;
    while (feature[node] >= 0) {
      node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
    }
    return value[node];
  }

  /** Adds {@code scale} times the Saabas path credits of {@code x} into {@code out} (one slot per feature). */
  void addPathCredits(double[] x, double scale, double[] out) {
    int node = 0;
    while (feature[node] >= 0) {
      int next = x[feature[node]] <= threshold[node] ? left[node] : right[node];
      out[feature[node]] += scale * (value[next] - value[node]);
      node = next;
    }
  }

  /** Depth of the deepest leaf (0 for a single leaf); visible for testing. */
  int depth() {
    return depthOf(0);
  }

  private int depthOf(int node) {
    return feature[node] < 0 ? 0 : 1 + Math.max(depthOf(left[node]), depthOf(right[node]));
  }

  /** Row counts of the leaves, in node order; visible for testing. */
  int[] leafCounts() {
    return java.util.stream.IntStream.range(0, value.length).filter(i -> feature[i] < 0).map(i -> count[i]).toArray();
  }

  /** Per feature, row indices sorted by the feature's value (stable, so ties keep row order). */
  static int[][] sortOrder(double[][] x) {
    int p = x[0].length;
    int[][] order = new int[p][];
    for (int f = 0; f < p; f++) {
      final int feat = f;
      order[f] = java.util.stream.IntStream.range(0, x.length).boxed()
          .sorted((a, c) -> Double.compare(x[a][feat], x[c][feat])).mapToInt(Integer::intValue).toArray();
    }
    return order;
  }

  @Override
  public String toString() {
    return "RegressionTree" + Arrays.toString(feature);
  }

  private static final class Builder {
    final List<Integer> feature = new ArrayList<>();
    final List<Double> threshold = new ArrayList<>();
    final List<Integer> left = new ArrayList<>();
    final List<Integer> right = new ArrayList<>();
    final List<Double> value = new ArrayList<>();
    final List<Integer> count = new ArrayList<>();

    int add(double mean, int n) {
      feature.add(-1);
      threshold.add(Double.NaN);
      left.add(-1);
      right.add(-1);
      value.add(mean);
      count.add(n);
      return value.size() - 1;
    }
  }
}
