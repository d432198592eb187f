package dev.faultline.collector.rca.graph;

import java.util.Arrays;

/**
 * Personalised PageRank over a small weighted directed graph given as dense arrays (power iteration).
 *
 * <p>r = d * P^T r + (1 - d) * p, where P is the row-normalised weight matrix, p the personalisation vector
 * (normalised to sum 1; uniform when all zero) and d the damping factor. The mass of a dangling node (no out-weight)
 * is sent back along p, as in Haveliwala's topic-sensitive PageRank. With uniform p this is the PageRank of Brin and
 * Page (1998); with p = anomaly scores and edges walking from symptom towards causes it is the random walk of
 * MonitorRank (Kim et al., SIGMETRICS 2013) and MicroRCA (Wu et al., NOMS 2020).
 *
 * <p>Pure and deterministic; stops when the L1 change is below {@code tolerance} or after {@code maxIterations}.
 */
public final class PersonalizedPageRank {
  private final double damping;
  private final int maxIterations;
  private final double tolerance;

  public PersonalizedPageRank(double damping, int maxIterations, double tolerance) {
    if (!(damping >= 0 && damping < 1)) {
      throw new IllegalArgumentException("damping must be in [0, 1), was " + damping);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, was " + maxIterations);
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be > 0, was " + tolerance);
    }
    this.damping = damping;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
  }

  /**
   * Dense form, for small graphs and tests.
   *
   * @param weights {@code weights[i][j]} >= 0 is the weight of the step i -> j; square
   * @param personalization non-negative, one per node
   * @return the stationary scores, summing to 1 (empty for an empty graph)
   */
  public double[] compute(double[][] weights, double[] personalization) {
    int n = weights.length;
    int[][] targets = new int[n][];
    double[][] w = new double[n][];
    for (int i = 0; i < n; i++) {
      if (weights[i].length != n) {
        throw new IllegalArgumentException("weights row " + i + " has " + weights[i].length + " entries, expected " + n);
      }
      int k = 0;
      for (double x : weights[i]) {
        k += x != 0 ? 1 : 0;
      }
      targets[i] = new int[k];
      w[i] = new double[k];
      k = 0;
      for (int j = 0; j < n; j++) {
        if (weights[i][j] != 0) {
          targets[i][k] = j;
          w[i][k++] = weights[i][j];
        }
      }
    }
    return compute(targets, w, personalization);
  }

  /**
   * Sparse form: node i steps to {@code targets[i][k]} with weight {@code weights[i][k]}. O(edges) per iteration.
   *
   * @return the stationary scores, summing to 1 (empty for an empty graph)
   */
  public double[] compute(int[][] targets, double[][] weights, double[] personalization) {
    int n = targets.length;
    if (personalization.length != n || weights.length != n) {
      throw new IllegalArgumentException("personalization has " + personalization.length + " entries for " + n + " nodes");
    }
    if (n == 0) {
      return new double[0];
    }
    double[] p = normalised(personalization);
    double[] outSum = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < targets[i].length; k++) {
        double x = weights[i][k];
        if (x < 0 || Double.isNaN(x)) {
          throw new IllegalArgumentException("weight of " + i + " -> " + targets[i][k] + " must be >= 0");
        }
        outSum[i] += x;
      }
    }
    double[] r = p.clone();
    double[] next = new double[n];
    for (int it = 0; it < maxIterations; it++) {
      java.util.Arrays.fill(next, 0);
      double dangling = 0;
      for (int i = 0; i < n; i++) {
        if (outSum[i] == 0) {
          dangling += r[i];
          continue;
        }
        double share = damping * r[i] / outSum[i];
        for (int k = 0; k < targets[i].length; k++) {
          next[targets[i][k]] += share * weights[i][k];
        }
      }
      double change = 0;
      for (int j = 0; j < n; j++) {
        next[j] += (1 - damping) * p[j] + damping * dangling * p[j];
        change += Math.abs(next[j] - r[j]);
      }
      double[] t = r;
      r = next;
      next = t;
      if (change < tolerance) {
        break;
      }
    }
    return r;
  }

  private static double[] normalised(double[] v) {
    double s = 0;
    for (double x : v) {
      if (x < 0 || Double.isNaN(x)) {
        throw new IllegalArgumentException("personalization must be non-negative");
      }
      s += x;
    }
    double[] out = new double[v.length];
    if (s == 0) {
      Arrays.fill(out, 1.0 / v.length);
    } else {
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i] / s;
      }
    }
    return out;
  }
}
