package dev.faultline.collector.detect;

/**
 * Strategy turning an unbounded deviation statistic (a z-score, a CUSUM sum, a distance ratio) into a score in
 * [0, 1]. Implementations must be monotone non-decreasing in {@code |x|}, map 0 to 0, and never return NaN.
 */
@FunctionalInterface
public interface ScoreMapping {

  /** @return the score of the deviation {@code x} (its sign is ignored), in [0, 1] */
  double toScore(double x);

  /**
   * The default mapping: {@code s(x) = e / (e + halfAt)} with {@code e = max(0, |x| - deadZone)}.
   *
   * <p>Deviations up to {@code deadZone} score 0; a deviation of {@code deadZone + halfAt} scores 0.5; the score
   * approaches 1 without saturating, so large deviations stay ordered (NAB's threshold sweep needs distinct
   * scores). NaN maps to 0, infinity to 1. Costs one division.
   *
   * @param deadZone deviation that still scores 0, at least 0
   * @param halfAt distance beyond the dead zone that scores 0.5, more than 0
   */
  static ScoreMapping saturating(double deadZone, double halfAt) {
    if (!(deadZone >= 0) || Double.isInfinite(deadZone)) {
      throw new IllegalArgumentException("deadZone must be finite and >= 0, was " + deadZone);
    }
    if (!(halfAt > 0) || Double.isInfinite(halfAt)) {
      throw new IllegalArgumentException("halfAt must be finite and > 0, was " + halfAt);
    }
    return x -> {
      double e = Math.abs(x) - deadZone;
      if (!(e > 0)) {
        return 0.0;
      }
      if (e == Double.POSITIVE_INFINITY) {
        return 1.0;
      }
      return e / (e + halfAt);
    };
  }
}
