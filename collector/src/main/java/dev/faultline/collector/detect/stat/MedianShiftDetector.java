package dev.faultline.collector.detect.stat;

import dev.faultline.collector.detect.BaseDetector;
import dev.faultline.collector.detect.ScoreMapping;
import java.util.Objects;

/**
 * Robust level-shift detector: the median of the last {@code m} points against the median of the {@code w} points
 * before them.
 *
 * <p>{@code z = (med_short - med_long) / (1.2533 * s_long / sqrt(m))}, where {@code s_long = max(1.4826 * MAD, (q95 -
 * q05) / 3.29, floor)} of the long window and {@code 1.2533 * s / sqrt(m)} is the standard error of the median of
 * {@code m} normal points; score {@code mapping(z)}. An isolated spike moves neither median, so spiky series stay
 * quiet; a lasting shift is seen once it holds half the short window ({@code m/2} points of delay). The short window
 * includes the current point, the long window only older points: causal. Points leave the short window into the
 * long one. O(log w) comparisons plus bounded memmoves per point, no allocation ({@link SortedWindow}).
 *
 * <p>Edge cases: scores 0 until the long window holds {@code m} points; constant series use the {@link ScaleFloor};
 * gaps skipped. State: {@code 2 + m} doubles and two {@link SortedWindow} slices.
 */
public final class MedianShiftDetector extends BaseDetector {

  private static final double MAD_TO_SIGMA = 1.4826;
  private static final double RANGE90_TO_SIGMA = 1.0 / 3.29;
  private static final double MEDIAN_SE = 1.2533;

  private final SortedWindow shortWindow;
  private final SortedWindow longWindow;
  private final int shortPoints;
  private final ScoreMapping mapping;
  private final ScaleFloor floor;
  private final double seFactor;
  /** State slots: ring head and fill, the short ring, then the short window, then the long window. */
  private static final int HEAD = 0;
  private static final int FILLED = 1;
  private static final int RING = 2;

  public MedianShiftDetector(int shortPoints, int longPoints, int warmupPoints, ScoreMapping mapping,
      ScaleFloor floor) {
    super(warmupPoints);
    if (shortPoints < 1 || longPoints < shortPoints) {
      throw new IllegalArgumentException("need 1 <= shortPoints <= longPoints, were " + shortPoints + ", "
          + longPoints);
    }
    this.shortWindow = new SortedWindow(shortPoints);
    this.longWindow = new SortedWindow(longPoints);
    this.shortPoints = shortPoints;
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.floor = Objects.requireNonNull(floor, "floor");
    this.seFactor = MEDIAN_SE / Math.sqrt(shortPoints);
  }

  @Override
  protected int stateDoubles() {
    return RING + shortPoints + shortWindow.doubles() + longWindow.doubles();
  }

  @Override
  protected double scoreAndLearn(double[] s, int at, byte[] bytes, int byteAt, long timestampMillis,
      double value) {
    int ring = at + RING;
    int shortAt = ring + shortPoints;
    int longAt = shortAt + shortWindow.doubles();
    int head = (int) s[at + HEAD];
    if (s[at + FILLED] == shortPoints) {
      longWindow.add(s, longAt, s[ring + head]); // the oldest short-window point ages into the long window
    } else {
      s[at + FILLED]++;
    }
    s[ring + head] = value;
    s[at + HEAD] = head + 1 == shortPoints ? 0 : head + 1;
    shortWindow.add(s, shortAt, value);
    if (longWindow.size(s, longAt) < shortPoints) {
      return 0.0;
    }
    double med = longWindow.median(s, longAt);
    double scale = Math.max(MAD_TO_SIGMA * longWindow.mad(s, longAt),
        (longWindow.quantile(s, longAt, 0.95) - longWindow.quantile(s, longAt, 0.05)) * RANGE90_TO_SIGMA);
    return mapping.toScore((shortWindow.median(s, shortAt) - med) / (seFactor * floor.apply(scale, med)));
  }
}
