package dev.faultline.collector.perf.model;

import java.util.Objects;

/**
 * A {@link RidgeRegression} fit over a {@link QueueingDesign}, seen as a {@link RegressionModel} on raw inputs.
 *
 * <p>Attribution is exact for a linear model: design column {@code j} contributes {@code beta_j (z_j(to) -
 * z_j(from))} to the raw input it is computed from, so a utilisation's linear and queueing terms add up under that
 * utilisation. Thread-safe (immutable).
 */
public final class RidgeModel implements RegressionModel {

  private final QueueingDesign design;
  private final RidgeRegression.Fit fit;

  RidgeModel(QueueingDesign design, RidgeRegression.Fit fit) {
    this.design = Objects.requireNonNull(design, "design");
    this.fit = Objects.requireNonNull(fit, "fit");
  }

  /** Fits a ridge model of {@code y} on the design rows of the raw inputs {@code x}. */
  public static RidgeModel fit(QueueingDesign design, double[][] x, double[] y, double lambda) {
    double[][] z = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      z[i] = design.row(x[i]);
    }
    boolean[] nonNegative = new boolean[design.columns()];
    for (int j = 0; j < nonNegative.length; j++) {
      nonNegative[j] = design.nonNegative(j);
    }
    return new RidgeModel(design, RidgeRegression.fit(z, y, lambda, nonNegative));
  }

  @Override
  public double predict(double[] x) {
    return fit.predict(design.row(x));
  }

  @Override
  public double[] attribute(double[] from, double[] to) {
    double[] zf = design.row(from);
    double[] zt = design.row(to);
    double[] out = new double[from.length];
    double[] beta = fit.coefficients();
    for (int j = 0; j < beta.length; j++) {
      out[design.sourceOf(j)] += beta[j] * (zt[j] - zf[j]);
    }
    return out;
  }

  /** The underlying coefficients (visible for testing and for the model summary). */
  public RidgeRegression.Fit coefficients() {
    return fit;
  }
}
