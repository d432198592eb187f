package dev.faultline.collector.detect.combine;

/**
 * Thresholds and timing of an {@link AlertTracker}.
 *
 * @param raise score at or above which a point counts towards opening an alert, in (0, 1]
 * @param clear score below which a point counts towards closing it, in (0, raise]: the gap is the hysteresis
 * @param raiseAfter consecutive points at or above {@code raise} needed to open, at least 1
 * @param clearAfter consecutive points below {@code clear} needed to close, at least 1
 * @param minOpenPoints an alert stays open at least this many points (suppresses re-alerting on one incident)
 * @param suppressedWeight factor applied to the emitted score while an alert is open, in [0, 1]
 * @param peakHalfLifePoints if more than 0, a score that does not exceed the recent peak (a running maximum that
 *     halves every this many points) is also suppressed: only rising edges of a burst are emitted, whatever
 *     threshold the consumer applies
 */
public record AlertPolicy(double raise, double clear, int raiseAfter, int clearAfter, int minOpenPoints,
    double suppressedWeight, int peakHalfLifePoints) {

  /** Raise 0.5, clear 0.3, raise after 1, clear after 10, open at least 60 points, scores suppressed to 0. */
  public static final AlertPolicy DEFAULT = new AlertPolicy(0.5, 0.3, 1, 10, 0, 0.0, 0);

  public AlertPolicy {
    if (!(raise > 0 && raise <= 1)) {
      throw new IllegalArgumentException("raise must be in (0, 1], was " + raise);
    }
    if (!(clear > 0 && clear <= raise)) {
      throw new IllegalArgumentException("clear must be in (0, raise], was " + clear);
    }
    if (raiseAfter < 1 || clearAfter < 1 || minOpenPoints < 0 || peakHalfLifePoints < 0) {
      throw new IllegalArgumentException("raiseAfter and clearAfter must be >= 1 and minOpenPoints >= 0, were "
          + raiseAfter + ", " + clearAfter + ", " + minOpenPoints + " (and peakHalfLifePoints >= 0, was "
          + peakHalfLifePoints + ")");
    }
    if (!(suppressedWeight >= 0 && suppressedWeight <= 1)) {
      throw new IllegalArgumentException("suppressedWeight must be in [0, 1], was " + suppressedWeight);
    }
  }

  public AlertPolicy withThresholds(double newRaise, double newClear) {
    return new AlertPolicy(newRaise, newClear, raiseAfter, clearAfter, minOpenPoints, suppressedWeight,
        peakHalfLifePoints);
  }
}
