package dev.faultline.collector.rca.score;

/**
 * The change of one series at an incident, relative to its own pre-incident baseline.
 *
 * @param z sustained robust change, in baseline spreads, >= 0 (0 when there is no usable data)
 * @param signedDelta the sustained post value minus the baseline median, in the metric's unit
 * @param median baseline median
 * @param scale the baseline spread used (never below the floor)
 * @param zeroSpread true when the baseline had no spread at all (constant), so {@code z} was capped
 * @param onsetIndex first post index where the change shows (>= threshold, same sign), or -1
 */
public record SeriesChange(double z, double signedDelta, double median, double scale, boolean zeroSpread,
    int onsetIndex) {
  static final double SATURATION = 1000;
  static final SeriesChange NONE = new SeriesChange(0, 0, Double.NaN, Double.NaN, false, -1);

  /** True when the sustained change is a rise. */
  public boolean rising() {
    return signedDelta > 0;
  }

  /** {@link #compress(double)} of {@code z}. */
  public double strength() {
    return compress(z);
  }

  /**
   * {@code ln(1 + min(z, SATURATION))}: compresses large changes so one series cannot swamp a ranking; beyond
   * {@value #SATURATION} spreads a change is simply certain, and its size says more about how quiet the baseline was
   * than about where the fault is.
   */
  public static double compress(double z) {
    return Math.log1p(Math.min(z, SATURATION));
  }

  /** Strength of the rise only (0 for a drop). */
  public double riseStrength() {
    return rising() ? strength() : 0;
  }
}
