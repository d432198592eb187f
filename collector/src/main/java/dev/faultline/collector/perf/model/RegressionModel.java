package dev.faultline.collector.perf.model;

/**
 * A fitted regression model over a raw input vector (request rate followed by resource features, see {@link
 * dev.faultline.collector.perf.ServiceHistory#inputRow}).
 *
 * <p>Besides predicting, every model explains a change: {@link #attribute(double[], double[])} splits {@code
 * predict(to) - predict(from)} into one contribution per raw input, and the contributions sum to that difference
 * (exactly, up to rounding). Implementations are immutable and thread-safe.
 */
public interface RegressionModel {

  /** The prediction for the raw input {@code x}. */
  double predict(double[] x);

  /**
   * Contributions of each raw input to {@code predict(to) - predict(from)}; the result has the inputs' length and
   * sums to that difference.
   */
  double[] attribute(double[] from, double[] to);

  /** The mean of two models: predictions and attributions are averaged. */
  static RegressionModel mean(RegressionModel a, RegressionModel b) {
    return new RegressionModel() {
      @Override
      public double predict(double[] x) {
        return (a.predict(x) + b.predict(x)) / 2;
      }

      @Override
      public double[] attribute(double[] from, double[] to) {
        double[] ca = a.attribute(from, to);
        double[] cb = b.attribute(from, to);
        for (int i = 0; i < ca.length; i++) {
          ca[i] = (ca[i] + cb[i]) / 2;
        }
        return ca;
      }
    };
  }

  /** A sum of models: predictions and attributions add. */
  static RegressionModel sum(RegressionModel a, RegressionModel b) {
    return new RegressionModel() {
      @Override
      public double predict(double[] x) {
        return a.predict(x) + b.predict(x);
      }

      @Override
      public double[] attribute(double[] from, double[] to) {
        double[] ca = a.attribute(from, to);
        double[] cb = b.attribute(from, to);
        for (int i = 0; i < ca.length; i++) {
          ca[i] += cb[i];
        }
        return ca;
      }
    };
  }
}
