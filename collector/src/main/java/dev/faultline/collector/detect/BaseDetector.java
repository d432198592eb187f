package dev.faultline.collector.detect;

/**
 * Shared skeleton of the per-series detectors: gap handling, time order and the warm-up period.
 *
 * <p>{@link #update} treats NaN and infinite values as gaps (score 0, state unchanged) and a timestamp earlier than
 * the previous one as out of order (score 0, state unchanged). Otherwise it asks the subclass for the raw score of
 * the point against the state built from earlier points ({@link #scoreAndLearn}), which must then learn the point.
 * During the first {@code warmupPoints} accepted points the score is forced to 0 (learning without alerting).
 * The returned score is clamped to [0, 1]; a NaN raw score becomes 0.
 *
 * <p>Not thread-safe.
 */
public abstract class BaseDetector implements Detector {

  private final int warmupPoints;
  private long accepted;
  private long lastTimestampMillis = Long.MIN_VALUE;

  /** @param warmupPoints number of leading valid points that only train the detector; at least 0 */
  protected BaseDetector(int warmupPoints) {
    if (warmupPoints < 0) {
      throw new IllegalArgumentException("warmupPoints must be >= 0, was " + warmupPoints);
    }
    this.warmupPoints = warmupPoints;
  }

  @Override
  public final double update(long timestampMillis, double value) {
    if (!Double.isFinite(value) || timestampMillis < lastTimestampMillis) {
      return 0.0;
    }
    lastTimestampMillis = timestampMillis;
    double raw = scoreAndLearn(timestampMillis, value);
    accepted++;
    if (accepted <= warmupPoints || !(raw > 0.0)) {
      return 0.0;
    }
    return raw >= 1.0 ? 1.0 : raw;
  }

  /** Number of valid points accepted so far. */
  public final long acceptedPoints() {
    return accepted;
  }

  /** The warm-up length in points. */
  public final int warmupPoints() {
    return warmupPoints;
  }

  /**
   * Scores a finite value against the current state, then folds it into the state.
   *
   * @return the raw score; values outside [0, 1] are clamped by the caller
   */
  protected abstract double scoreAndLearn(long timestampMillis, double value);
}
