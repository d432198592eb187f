package dev.faultline.collector.detect;

/**
 * A streaming anomaly detector for one series: feed points in time order, read a score per point.
 *
 * <p>Contract shared by every implementation (and checked by one contract test suite):
 * <ul>
 *   <li>causal: the score for a point uses that point and earlier ones only;
 *   <li>deterministic: the same points give the same scores (randomness comes from a seed given at construction);
 *   <li>bounded state, independent of how many points were fed;
 *   <li>scores in [0, 1]; 0 while warming up; a NaN value is a gap: it scores 0 and does not change the state;
 *   <li>not thread-safe: one instance per series, fed by one thread at a time.
 * </ul>
 *
 * <pre>{@code
 * Detector d = Detectors.create("robust-zscore");
 * for (Point p : series) {
 *   double score = d.update(p.timestampMillis(), p.value());
 * }
 * }</pre>
 */
public interface Detector {

  /**
   * Feeds the next point and returns its anomaly score.
   *
   * @param timestampMillis epoch milliseconds, not decreasing from one call to the next
   * @param value the observation; NaN marks a missing value
   * @return the anomaly score in [0, 1]
   */
  double update(long timestampMillis, double value);
}
