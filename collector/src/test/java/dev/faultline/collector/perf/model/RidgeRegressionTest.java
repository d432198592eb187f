package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

class RidgeRegressionTest {

  @Test
  void zeroLambdaRecoversAnExactLine() {
    double[][] z = {{0}, {1}, {2}, {3}};
    double[] y = {2, 5, 8, 11};

    RidgeRegression.Fit fit = RidgeRegression.fit(z, y, 0, null);

    assertEquals(3, fit.coefficients()[0], 1e-6);
    assertEquals(2, fit.intercept(), 1e-6);
  }

  @Test
  void oneFeatureMatchesTheHandFormula() {
    // x = 1..4 (mean 2.5, population sd sqrt(1.25)), y = 1, 3, 2, 5 (mean 2.75);
    // sum s (y - mean) = (-1.5*-1.75 - 0.5*0.25 + 0.5*-0.75 + 1.5*2.25) / sd = 5.5 / sd, sum s^2 = n = 4
    // b = (5.5/sd) / (4 + lambda), beta = b / sd = 5.5 / (1.25 (4 + lambda)).
    double[][] z = {{1}, {2}, {3}, {4}};
    double[] y = {1, 3, 2, 5};
    double lambda = 2;

    RidgeRegression.Fit fit = RidgeRegression.fit(z, y, lambda, null);

    double beta = 5.5 / (1.25 * (4 + lambda));
    assertEquals(beta, fit.coefficients()[0], 1e-12);
    assertEquals(2.75 - beta * 2.5, fit.intercept(), 1e-12);
  }

  @Test
  void severalFeaturesMatchTheAugmentedLeastSquaresReference() {
    // Independent route: ridge on standardised data equals ordinary least squares on the rows [S; sqrt(lambda) I]
    // with responses [y - mean; 0], solved by QR instead of Cholesky.
    Random r = new Random(5);
    int n = 40;
    double[][] z = new double[n][3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      z[i][0] = r.nextGaussian();
      z[i][1] = 2 * z[i][0] + 0.3 * r.nextGaussian();
      z[i][2] = 5 + r.nextDouble();
      y[i] = 1 + z[i][0] - 2 * z[i][2] + 0.1 * r.nextGaussian();
    }
    double lambda = 3;

    RidgeRegression.Fit fit = RidgeRegression.fit(z, y, lambda, null);

    double[] mean = new double[3];
    double[] sd = new double[3];
    for (int j = 0; j < 3; j++) {
      for (double[] row : z) {
        mean[j] += row[j] / n;
      }
      for (double[] row : z) {
        sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
      sd[j] = Math.sqrt(sd[j]);
    }
    double yMean = java.util.Arrays.stream(y).average().orElseThrow();
    double[][] a = new double[n + 3][3];
    double[] b = new double[n + 3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        a[i][j] = (z[i][j] - mean[j]) / sd[j];
      }
      b[i] = y[i] - yMean;
    }
    for (int j = 0; j < 3; j++) {
      a[n + j][j] = Math.sqrt(lambda);
    }
    RealVector ref = new QRDecomposition(new Array2DRowRealMatrix(a)).getSolver().solve(new ArrayRealVector(b));
    for (int j = 0; j < 3; j++) {
      assertEquals(ref.getEntry(j) / sd[j], fit.coefficients()[j], 1e-9, "coefficient " + j);
    }
  }

  @Test
  void nonNegativeColumnWithANegativeEffectIsFixedAtZero() {
    double[][] z = {{0, 1}, {1, 0}, {2, 3}, {3, 1}, {4, 2}};
    double[] y = new double[5];
    for (int i = 0; i < 5; i++) {
      y[i] = 2 * z[i][0] - z[i][1];
    }

    RidgeRegression.Fit fit = RidgeRegression.fit(z, y, 0, new boolean[] {false, true});

    assertEquals(0, fit.coefficients()[1], 0.0);
    assertTrue(fit.coefficients()[0] > 0);
  }

  @Test
  void constantColumnGetsAZeroCoefficient() {
    RidgeRegression.Fit fit = RidgeRegression.fit(new double[][] {{1, 7}, {2, 7}, {3, 7}}, new double[] {1, 2, 3}, 0,
        null);

    assertEquals(0, fit.coefficients()[1], 0.0);
    assertEquals(1, fit.coefficients()[0], 1e-6);
  }

  @Test
  void rejectsBadInputNamingTheParameter() {
    GradientBoostedTreesTest.assertMessage("lambda",
        () -> RidgeRegression.fit(new double[][] {{1}}, new double[] {1}, -1, null));
    assertThrows(IllegalArgumentException.class, () -> RidgeRegression.fit(new double[0][], new double[0], 1, null));
  }
}
