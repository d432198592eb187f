package dev.faultline.collector.detect.stat;

import dev.faultline.collector.detect.BaseDetector;
import dev.faultline.collector.detect.ScoreMapping;

/**
 * Rolling z-score: the deviation of a point from the mean of the previous {@code w} points, in standard deviations.
 *
 * <p>{@code z_t = (x_t - mean_{t-1}) / max(sd_{t-1}, floor)}, where mean and sample standard deviation cover the
 * last {@code w} accepted points before {@code t}; the score is {@code mapping(z_t)}. The window statistics are
 * updated in O(1) with the sliding form of Welford's recurrence (replacing {@code x_o} by {@code x_n}:
 * {@code mean' = mean + (x_n - x_o)/w}, {@code M2' = M2 + (x_n - x_o)(x_n - mean' + x_o - mean)}), and recomputed
 * exactly from the ring every {@code w} replacements so rounding error cannot accumulate.
 *
 * <p>Edge cases: warm-up is at least 2 points; a constant window gives sd 0, replaced by the {@link ScaleFloor};
 * gaps (NaN) are skipped by {@link BaseDetector}. A single spike enters the window and inflates sd for {@code w}
 * points (use {@link RobustZScoreDetector} where that matters). Not thread-safe.
 */
public final class RollingZScoreDetector extends BaseDetector {

  private final double[] ring;
  private final ScoreMapping mapping;
  private final ScaleFloor floor;
  private int size;
  private int head;
  private int sinceExact;
  private double mean;
  private double m2;

  public RollingZScoreDetector(int window, int warmupPoints, ScoreMapping mapping, ScaleFloor floor) {
    super(Math.max(2, warmupPoints));
    if (window < 2) {
      throw new IllegalArgumentException("window must be >= 2, was " + window);
    }
    this.ring = new double[window];
    this.mapping = java.util.Objects.requireNonNull(mapping, "mapping");
    this.floor = java.util.Objects.requireNonNull(floor, "floor");
  }

  /** Window 128, warm-up 128, mapping saturating(3, 3). */
  public static RollingZScoreDetector withDefaults() {
    return new RollingZScoreDetector(128, 128, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
  }

  @Override
  protected double scoreAndLearn(long timestampMillis, double value) {
    double score = 0.0;
    if (size >= 2) {
      double sd = Math.sqrt(Math.max(0.0, m2 / (size - 1)));
      score = mapping.toScore((value - mean) / floor.apply(sd, mean));
    }
    learn(value);
    return score;
  }

  private void learn(double x) {
    if (size < ring.length) {
      ring[head] = x;
      size++;
      double d = x - mean;
      mean += d / size;
      m2 += d * (x - mean);
    } else {
      double old = ring[head];
      ring[head] = x;
      double oldMean = mean;
      mean += (x - old) / size;
      m2 += (x - old) * (x - mean + old - oldMean);
      if (++sinceExact >= ring.length) {
        recompute();
      }
    }
    head = head + 1 == ring.length ? 0 : head + 1;
  }

  private void recompute() {
    sinceExact = 0;
    double s = 0;
    for (int i = 0; i < size; i++) {
      s += ring[i];
    }
    double mu = s / size;
    double q = 0;
    for (int i = 0; i < size; i++) {
      double d = ring[i] - mu;
      q += d * d;
    }
    mean = mu;
    m2 = q;
  }

  /** Visible for testing: mean of the current window. */
  double windowMean() {
    return mean;
  }

  /** Visible for testing: sample variance of the current window. */
  double windowVariance() {
    return size < 2 ? Double.NaN : m2 / (size - 1);
  }
}
