package dev.faultline.collector.detect.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Isolation forest (Liu, Ting and Zhou 2008): anomalies are isolated by fewer random axis-parallel splits.
 *
 * <p>Training ({@link #trainer}): each of {@code trees} trees is grown on a sample of {@code min(sampleSize, n)}
 * rows drawn without replacement; a node picks a random feature and a uniform split between that feature's min and
 * max in the node, until one row remains, all rows are equal, or the depth reaches {@code ceil(log2 sampleSize)}.
 * Path length {@code h(x)} = depth of the leaf reached + {@code c(leaf size)}, with {@code c(m) = 2 H(m-1) -
 * 2(m-1)/m} the mean unsuccessful-search length of a binary search tree ({@code H(i) ~ ln i + 0.5772}). Raw score
 * {@code s(x) = 2^(-mean h(x) / c(sample))}: about 0.5 or less for normal points, towards 1 for anomalies. Output
 * score: {@code max(0, (s - t) / (1 - t))}, where {@code t} is the {@code quantile} of the training rows' raw scores,
 * so the bulk of the training data scores 0. Splits are scale-free, so no standardisation is needed.
 *
 * <p>Trees are stored as flat arrays. Immutable and thread-safe; scoring is O(trees * depth), no allocation. All
 * randomness from the seed.
 */
public final class IsolationForest implements EntityModel {

  private final Tree[] trees;
  private final int dimensions;
  private final double normaliser;
  private final double threshold;

  private IsolationForest(Tree[] trees, int dimensions, double normaliser, double threshold) {
    this.trees = trees;
    this.dimensions = dimensions;
    this.normaliser = normaliser;
    this.threshold = threshold;
  }

  /**
   * @param trees number of trees, at least 1 (100 is usual)
   * @param sampleSize rows per tree, at least 2 (256 is usual)
   * @param quantile of training raw scores that maps to 0, in [0, 1)
   */
  public static ModelTrainer trainer(int trees, int sampleSize, double quantile) {
    if (trees < 1 || sampleSize < 2) {
      throw new IllegalArgumentException("trees must be >= 1 and sampleSize >= 2, were " + trees + ", " + sampleSize);
    }
    if (!(quantile >= 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1), was " + quantile);
    }
    return (rows, seed) -> train(rows, seed, trees, sampleSize, quantile);
  }

  private static IsolationForest train(double[][] rows, long seed, int treeCount, int sampleSize, double quantile) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("rows must not be empty");
    }
    int d = rows[0].length;
    int psi = Math.min(sampleSize, rows.length);
    int maxDepth = (int) Math.ceil(Math.log(Math.max(2, psi)) / Math.log(2));
    SplittableRandom random = new SplittableRandom(seed);
    Tree[] trees = new Tree[treeCount];
    int[] index = new int[rows.length];
    for (int t = 0; t < treeCount; t++) {
      for (int i = 0; i < index.length; i++) {
        index[i] = i;
      }
      for (int i = 0; i < psi; i++) { // partial Fisher-Yates: the first psi entries are the sample
        int j = i + random.nextInt(index.length - i);
        int tmp = index[i];
        index[i] = index[j];
        index[j] = tmp;
      }
      trees[t] = Tree.grow(rows, Arrays.copyOf(index, psi), d, maxDepth, random);
    }
    IsolationForest raw = new IsolationForest(trees, d, averagePathLength(psi), 0.0);
    double[] s = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      s[i] = raw.rawScore(rows[i]);
    }
    Arrays.sort(s);
    double t = Math.min(0.999, s[Math.min(s.length - 1, (int) Math.floor(quantile * s.length))]);
    return new IsolationForest(trees, d, raw.normaliser, t);
  }

  /** {@code c(n)}: average path length of an unsuccessful search in a binary search tree of n nodes. */
  static double averagePathLength(int n) {
    if (n <= 1) {
      return 0.0;
    }
    if (n == 2) {
      return 1.0;
    }
    double h = Math.log(n - 1.0) + 0.5772156649015329;
    return 2.0 * h - 2.0 * (n - 1.0) / n;
  }

  /** {@code 2^(-mean path length / c(psi))}, in (0, 1]. */
  public double rawScore(double[] x) {
    double sum = 0;
    for (Tree t : trees) {
      sum += t.pathLength(x);
    }
    double mean = sum / trees.length;
    return normaliser == 0 ? 0.5 : Math.pow(2.0, -mean / normaliser);
  }

  @Override
  public double score(double[] features) {
    double s = rawScore(features);
    return s <= threshold ? 0.0 : Math.min(1.0, (s - threshold) / (1.0 - threshold));
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  /** One tree as flat arrays; node 0 is the root; feature -1 marks a leaf whose size is in {@code size}. */
  private static final class Tree {
    final int[] feature;
    final double[] split;
    final int[] left;
    final int[] right;
    final int[] size;

    Tree(int nodes) {
      feature = new int[nodes];
      split = new double[nodes];
      left = new int[nodes];
      right = new int[nodes];
      size = new int[nodes];
    }

    static Tree grow(double[][] rows, int[] sample, int d, int maxDepth, SplittableRandom random) {
      Tree tree = new Tree(2 * sample.length);
      int[] next = {1};
      tree.build(0, rows, sample, 0, sample.length, 0, d, maxDepth, random, next);
      return tree;
    }

    private void build(int node, double[][] rows, int[] idx, int from, int to, int depth, int d, int maxDepth,
        SplittableRandom random, int[] next) {
      size[node] = to - from;
      feature[node] = -1;
      if (to - from <= 1 || depth >= maxDepth) {
        return;
      }
      int f = random.nextInt(d);
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < d && !(lo < hi); k++) { // try other features if this one is constant here
        f = (f + (k == 0 ? 0 : 1)) % d;
        lo = Double.POSITIVE_INFINITY;
        hi = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
          lo = Math.min(lo, rows[idx[i]][f]);
          hi = Math.max(hi, rows[idx[i]][f]);
        }
      }
      if (!(lo < hi)) {
        return; // all rows equal: leaf
      }
      double s = lo + random.nextDouble() * (hi - lo);
      int mid = from;
      for (int i = from; i < to; i++) {
        if (rows[idx[i]][f] < s) {
          int tmp = idx[i];
          idx[i] = idx[mid];
          idx[mid++] = tmp;
        }
      }
      if (mid == from) {
        mid++; // s == lo after rounding: keep progress
      }
      feature[node] = f;
      split[node] = s;
      left[node] = next[0]++;
      right[node] = next[0]++;
      build(left[node], rows, idx, from, mid, depth + 1, d, maxDepth, random, next);
      build(right[node], rows, idx, mid, to, depth + 1, d, maxDepth, random, next);
    }

    double pathLength(double[] x) {
      int node = 0;
      int depth = 0;
      while (feature[node] >= 0) {
        node = x[feature[node]] < split[node] ? left[node] : right[node];
        depth++;
      }
      return depth + averagePathLength(size[node]);
    }
  }
}
