package dev.faultline.collector.detect.cluster;

/**
 * Per-feature standardisation learnt from training rows: {@code (x_j - mean_j) / sd_j}, with {@code sd_j} floored at
 * {@code max(1e-9, 1e-3 * |mean_j|)} so a constant feature does not divide by zero. Mean and variance by Welford's
 * one-pass update. Immutable.
 */
public final class FeatureScaler {

  private final double[] mean;
  private final double[] sd;

  private FeatureScaler(double[] mean, double[] sd) {
    this.mean = mean;
    this.sd = sd;
  }

  /** Learns the scaler from {@code rows} (non-empty, equal lengths). */
  public static FeatureScaler fit(double[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("rows must not be empty");
    }
    int d = rows[0].length;
    double[] mean = new double[d];
    double[] m2 = new double[d];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " features, expected " + d);
      }
      for (int j = 0; j < d; j++) {
        double delta = rows[i][j] - mean[j];
        mean[j] += delta / (i + 1);
        m2[j] += delta * (rows[i][j] - mean[j]);
      }
    }
    double[] sd = new double[d];
    for (int j = 0; j < d; j++) {
      double s = rows.length > 1 ? Math.sqrt(m2[j] / (rows.length - 1)) : 0.0;
      sd[j] = Math.max(s, Math.max(1e-9, 1e-3 * Math.abs(mean[j])));
    }
    return new FeatureScaler(mean, sd);
  }

  /** Writes the standardised {@code x} into {@code out} (may be the same array). */
  public void transform(double[] x, double[] out) {
    for (int j = 0; j < mean.length; j++) {
      out[j] = (x[j] - mean[j]) / sd[j];
    }
  }

  /** Standardised copies of {@code rows}. */
  public double[][] transformAll(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new double[mean.length];
      transform(rows[i], out[i]);
    }
    return out;
  }

  /** Standardised value of feature {@code j}. */
  public double scaled(int j, double x) {
    return (x - mean[j]) / sd[j];
  }

  public int dimensions() {
    return mean.length;
  }
}
