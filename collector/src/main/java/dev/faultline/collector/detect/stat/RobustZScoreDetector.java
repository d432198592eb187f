package dev.faultline.collector.detect.stat;

import dev.faultline.collector.detect.BaseDetector;
import dev.faultline.collector.detect.ScoreMapping;
import java.util.Objects;

/**
 * Robust z-score: deviation from the sliding-window median in units of the scaled median absolute deviation.
 *
 * <p>{@code z_t = (x_t - med_{t-1}) / s_{t-1}} with {@code s = max(1.4826 * MAD, (q95 - q05) / 3.29, floor)} over
 * the last {@code w} points before {@code t}; score {@code mapping(z_t)}. 1.4826 makes the MAD a consistent
 * estimator of sigma for normal data (Rousseeuw and Croux 1993); the inter-quantile term (90% range / 3.29, also a
 * sigma estimate for normal data) keeps a usable scale for quantised series whose MAD is 0. The breakdown point of
 * median and MAD is 50%: one spike, or any burst shorter than half the window, cannot move the baseline.
 *
 * <p>Per point: O(log w) comparisons plus a bounded memmove ({@link SortedWindow}); no allocation. Edge cases: warm-up
 * at least 3 points; constant window uses the {@link ScaleFloor}; gaps skipped. State: the {@link SortedWindow}'s
 * {@code 2 + 2w} doubles.
 */
public final class RobustZScoreDetector extends BaseDetector {

  private static final double MAD_TO_SIGMA = 1.4826;
  private static final double RANGE90_TO_SIGMA = 1.0 / 3.29;

  private final SortedWindow window;
  private final ScoreMapping mapping;
  private final ScaleFloor floor;

  public RobustZScoreDetector(int window, int warmupPoints, ScoreMapping mapping, ScaleFloor floor) {
    super(Math.max(3, warmupPoints));
    this.window = new SortedWindow(window);
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.floor = Objects.requireNonNull(floor, "floor");
  }

  /** Window 256, warm-up 128, mapping saturating(3, 3). */
  public static RobustZScoreDetector withDefaults() {
    return new RobustZScoreDetector(256, 128, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
  }

  @Override
  protected int stateDoubles() {
    return window.doubles();
  }

  @Override
  protected double scoreAndLearn(double[] s, int at, byte[] bytes, int byteAt, long timestampMillis,
      double value) {
    double score = 0.0;
    if (window.size(s, at) >= 3) {
      score = mapping.toScore(zScore(s, at, value));
    }
    window.add(s, at, value);
    return score;
  }

  /** Robust z of {@code value} against the window in the slice at {@code at} (before it is added). */
  double zScore(double[] s, int at, double value) {
    double med = window.median(s, at);
    double scale = Math.max(MAD_TO_SIGMA * window.mad(s, at),
        (window.quantile(s, at, 0.95) - window.quantile(s, at, 0.05)) * RANGE90_TO_SIGMA);
    return (value - med) / floor.apply(scale, med);
  }
}
