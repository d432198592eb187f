package dev.faultline.collector.detect.cluster;

/**
 * A streaming anomaly detector for one entity: feed one feature vector per time step, read a score.
 *
 * <p>Same contract as {@link dev.faultline.collector.detect.Detector}, over vectors: causal, bounded state, scores in
 * [0, 1], 0 during warm-up; a vector containing NaN or infinity is a gap (score 0, state unchanged); a vector of the
 * wrong length is an {@link IllegalArgumentException}. The caller may reuse the array after the call. Not
 * thread-safe (models may be swapped in from another thread; see {@link BackgroundRetrainer}).
 */
public interface EntityDetector {

  /**
   * @param timestampMillis epoch milliseconds, not decreasing
   * @param features one value per feature, always in the same order
   * @return the anomaly score in [0, 1]
   */
  double update(long timestampMillis, double[] features);
}
