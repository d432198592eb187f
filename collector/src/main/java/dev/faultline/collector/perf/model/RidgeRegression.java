package dev.faultline.collector.perf.model;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Ridge (L2-regularised least-squares) regression with optional non-negativity on chosen coefficients.
 *
 * <p>Columns are standardised ({@code s_j = (z_j - mean_j) / sd_j}, population sd) and the response centred, then
 *
 * <pre>
 *   b = (S'S + lambda I)^-1 S'(y - mean_y),   beta_j = b_j / sd_j,   intercept = mean_y - sum_j beta_j mean_j
 * </pre>
 *
 * solved by Cholesky decomposition (commons-math3). {@code lambda} is in units of rows of standardised data, so
 * {@code lambda = 0} is ordinary least squares. Edge cases: a constant column (sd = 0) gets coefficient 0; no rows
 * is rejected; a single row fits the intercept only. Non-negativity is enforced by an active-set loop: while any
 * constrained coefficient is negative, the constrained column with the most negative coefficient is fixed at 0 and
 * the rest refitted (at most one refit per column; Lawson-Hanson style without re-admission, adequate for the few
 * queueing columns here). Stateless and thread-safe.
 */
public final class RidgeRegression {

  private RidgeRegression() {}

  /** Fitted coefficients in the original (unstandardised) scale. */
  public record Fit(double intercept, double[] coefficients) {

    /** {@code intercept + sum_j coefficients[j] * z[j]}. */
    public double predict(double[] z) {
      double s = intercept;
      for (int j = 0; j < coefficients.length; j++) {
        s += coefficients[j] * z[j];
      }
      return s;
    }
  }

  /**
   * Fits {@code y ~ z}.
   *
   * @param z design rows, all of the same length
   * @param y responses, one per row
   * @param lambda ridge penalty, >= 0
   * @param nonNegative per column, whether its coefficient is constrained to be >= 0 (null: none)
   * @return the fit
   */
  public static Fit fit(double[][] z, double[] y, double lambda, boolean[] nonNegative) {
    Objects.requireNonNull(z, "z");
    Objects.requireNonNull(y, "y");
    if (z.length == 0 || z.length != y.length) {
      throw new IllegalArgumentException("z and y must be non-empty and of equal length: " + z.length + ", " + y.length);
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, was " + lambda);
    }
    int p = z[0].length;
    boolean[] active = new boolean[p];
    Arrays.fill(active, true);
    for (int round = 0; round <= p; round++) {
      double[] beta = solve(z, y, lambda, active);
      int worst = -1;
      for (int j = 0; j < p; j++) {
        if (nonNegative != null && nonNegative[j] && beta[j] < 0 && (worst < 0 || beta[j] < beta[worst])) {
          worst = j;
        }
      }
      if (worst < 0) {
        return new Fit(intercept(z, y, beta), beta);
      }
      active[worst] = false;
    }
    throw new IllegalStateException("active-set loop did not converge"); // unreachable: each round drops a column
  }

  private static double[] solve(double[][] z, double[] y, double lambda, boolean[] active) {
    int n = z.length;
    int p = active.length;
    double[] mean = new double[p];
    double[] sd = new double[p];
    for (int j = 0; j < p; j++) {
      double m = 0;
      for (double[] row : z) {
        m += row[j];
      }
      m /= n;
      double ss = 0;
      for (double[] row : z) {
        ss += (row[j] - m) * (row[j] - m);
      }
      mean[j] = m;
      sd[j] = Math.sqrt(ss / n);
    }
    int[] cols = java.util.stream.IntStream.range(0, p).filter(j -> active[j] && sd[j] > 1e-12).toArray();
    double[] beta = new double[p];
    if (cols.length == 0) {
      return beta;
    }
    double yMean = Arrays.stream(y).average().orElse(0);
    int k = cols.length;
    double[][] gram = new double[k][k];
    double[] rhs = new double[k];
    for (int i = 0; i < n; i++) {
      double[] s = new double[k];
      for (int a = 0; a < k; a++) {
        s[a] = (z[i][cols[a]] - mean[cols[a]]) / sd[cols[a]];
      }
      for (int a = 0; a < k; a++) {
        rhs[a] += s[a] * (y[i] - yMean);
        for (int b = a; b < k; b++) {
          gram[a][b] += s[a] * s[b];
        }
      }
    }
    for (int a = 0; a < k; a++) {
      // A tiny floor keeps lambda = 0 solvable when columns are collinear.
      gram[a][a] += Math.max(lambda, 1e-9 * n);
      for (int b = 0; b < a; b++) {
        gram[a][b] = gram[b][a];
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(gram, false);
    RealVector b = new CholeskyDecomposition(m, 1e-12, 1e-14).getSolver().solve(new ArrayRealVector(rhs, false));
    for (int a = 0; a < k; a++) {
      beta[cols[a]] = b.getEntry(a) / sd[cols[a]];
    }
    return beta;
  }

  private static double intercept(double[][] z, double[] y, double[] beta) {
    double s = 0;
    for (int i = 0; i < z.length; i++) {
      double r = y[i];
      for (int j = 0; j < beta.length; j++) {
        r -= beta[j] * z[i][j];
      }
      s += r;
    }
    return s / z.length;
  }
}
