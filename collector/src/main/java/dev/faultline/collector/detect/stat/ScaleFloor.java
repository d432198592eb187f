package dev.faultline.collector.detect.stat;

/**
 * Lower bound for a spread estimate, so that a constant (or nearly constant, quantised) series does not turn the
 * first tiny change into an infinite z-score: {@code floor = max(absolute, relative * |level|)}.
 */
public record ScaleFloor(double absolute, double relative) {

  /** Default: 1e-9 absolute, 0.5% of the level. */
  public static final ScaleFloor DEFAULT = new ScaleFloor(1e-9, 0.005);

  public ScaleFloor {
    if (!(absolute > 0) || Double.isInfinite(absolute)) {
      throw new IllegalArgumentException("absolute must be finite and > 0, was " + absolute);
    }
    if (!(relative >= 0) || Double.isInfinite(relative)) {
      throw new IllegalArgumentException("relative must be finite and >= 0, was " + relative);
    }
  }

  /** @return {@code max(scale, absolute, relative * |level|)} */
  public double apply(double scale, double level) {
    double f = Math.max(absolute, relative * Math.abs(level));
    return scale > f ? scale : f;
  }
}
