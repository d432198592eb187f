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
 * <p>State: two doubles (points accepted, last timestamp; exact below 2^53) before the subclass's own {@link
 * #stateDoubles()}. Subclasses hold only parameters (see {@link FlatDetector}).
 */
public abstract class BaseDetector extends OwnStateDetector {

  private static final int ACCEPTED = 0;
  private static final int LAST_TIMESTAMP = 1;
  /** Offset of the subclass's slice within this detector's slice. */
  private static final int OWN = 2;

  private final int warmupPoints;

  /** @param warmupPoints number of leading valid points that only train the detector; at least 0 */
  protected BaseDetector(int warmupPoints) {
    if (warmupPoints < 0) {
      throw new IllegalArgumentException("warmupPoints must be >= 0, was " + warmupPoints);
    }
    this.warmupPoints = warmupPoints;
  }

  @Override
  public final int doubles() {
    return OWN + stateDoubles();
  }

  @Override
  public final void init(double[] state, int at) {
    state[at + LAST_TIMESTAMP] = Long.MIN_VALUE;
    initState(state, at + OWN);
  }

  @Override
  public final double update(double[] s, int at, byte[] bytes, int byteAt, long timestampMillis, double value) {
    if (!Double.isFinite(value) || timestampMillis < s[at + LAST_TIMESTAMP]) {
      return 0.0;
    }
    s[at + LAST_TIMESTAMP] = timestampMillis;
    double raw = scoreAndLearn(s, at + OWN, bytes, byteAt, timestampMillis, value);
    double accepted = ++s[at + ACCEPTED];
    if (accepted <= warmupPoints || !(raw > 0.0)) {
      return 0.0;
    }
    return raw >= 1.0 ? 1.0 : raw;
  }

  @Override
  public final double touch(double[] s, int at, long timestampMillis) {
    return touchState(s, at + OWN, timestampMillis);
  }

  /** As {@link FlatDetector#touch}, for the subclass's slice at {@code own}; nothing by default. */
  protected double touchState(double[] s, int own, long timestampMillis) {
    return 0.0;
  }

  /** The warm-up length in points. */
  public final int warmupPoints() {
    return warmupPoints;
  }

  /** Points accepted before the current one, for a subclass whose own slice starts at {@code own}. */
  protected static long acceptedPoints(double[] s, int own) {
    return (long) s[own - OWN + ACCEPTED];
  }

  /** Slot {@code i} of the subclass's slice in the {@link Detector} view's own state (for tests). */
  protected final double ownSlot(int i) {
    return ownState()[OWN + i];
  }

  /** Number of doubles the subclass keeps per series. */
  protected abstract int stateDoubles();

  /** Sets the initial values of the subclass's zeroed slice at {@code own}; nothing by default. */
  protected void initState(double[] s, int own) {}

  /**
   * Scores a finite value against the state in the slice at {@code own} (and the bytes at {@code byteAt}), then
   * folds it into that state.
   *
   * @return the raw score; values outside [0, 1] are clamped by the caller
   */
  protected abstract double scoreAndLearn(double[] s, int own, byte[] bytes, int byteAt, long timestampMillis,
      double value);
}
