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
 * points (use {@link RobustZScoreDetector} where that matters). State: {@code 5 + w} doubles.
 */
public final class RollingZScoreDetector extends BaseDetector {

  /** State slots, then the ring of the window's values. */
  private static final int SIZE = 0;
  private static final int HEAD = 1;
  private static final int SINCE_EXACT = 2;
  private static final int MEAN = 3;
  private static final int M2 = 4;
  private static final int RING = 5;

  private final int window;
  private final ScoreMapping mapping;
  private final ScaleFloor floor;

  public RollingZScoreDetector(int window, int warmupPoints, ScoreMapping mapping, ScaleFloor floor) {
    super(Math.max(2, warmupPoints));
    if (window < 2) {
      throw new IllegalArgumentException("window must be >= 2, was " + window);
    }
    this.window = window;
    this.mapping = java.util.Objects.requireNonNull(mapping, "mapping");
    this.floor = java.util.Objects.requireNonNull(floor, "floor");
  }

  /** Window 128, warm-up 128, mapping saturating(3, 3). */
  public static RollingZScoreDetector withDefaults() {
    return new RollingZScoreDetector(128, 128, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
  }

  @Override
  protected int stateDoubles() {
    return RING + window;
  }

  @Override
  protected double scoreAndLearn(double[] s, int at, byte[] bytes, int byteAt, long timestampMillis,
      double value) {
    double score = 0.0;
    int size = (int) s[at + SIZE];
    if (size >= 2) {
      double mean = s[at + MEAN];
      double sd = Math.sqrt(Math.max(0.0, s[at + M2] / (size - 1)));
      score = mapping.toScore((value - mean) / floor.apply(sd, mean));
    }
    learn(s, at, value);
    return score;
  }

  private void learn(double[] s, int at, double x) {
    int size = (int) s[at + SIZE];
    int head = (int) s[at + HEAD];
    int ring = at + RING;
    double mean = s[at + MEAN];
    double m2 = s[at + M2];
    if (size < window) {
      s[ring + head] = x;
      size++;
      s[at + SIZE] = size;
      double d = x - mean;
      mean += d / size;
      m2 += d * (x - mean);
      s[at + MEAN] = mean;
      s[at + M2] = m2;
    } else {
      double old = s[ring + head];
      s[ring + head] = x;
      double oldMean = mean;
      mean += (x - old) / size;
      m2 += (x - old) * (x - mean + old - oldMean);
      s[at + MEAN] = mean;
      s[at + M2] = m2;
      if (++s[at + SINCE_EXACT] >= window) {
        recompute(s, at, size);
      }
    }
    s[at + HEAD] = head + 1 == window ? 0 : head + 1;
  }

  private static void recompute(double[] s, int at, int size) {
    s[at + SINCE_EXACT] = 0;
    int ring = at + RING;
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += s[ring + i];
    }
    double mu = sum / size;
    double q = 0;
    for (int i = 0; i < size; i++) {
      double d = s[ring + i] - mu;
      q += d * d;
    }
    s[at + MEAN] = mu;
    s[at + M2] = q;
  }

  /** Visible for testing: mean of the current window (of the {@code Detector} view's own state). */
  double windowMean() {
    return ownSlot(MEAN);
  }

  /** Visible for testing: sample variance of the current window. */
  double windowVariance() {
    double size = ownSlot(SIZE);
    return size < 2 ? Double.NaN : ownSlot(M2) / (size - 1);
  }
}
