package dev.faultline.collector.detect.stat;

import dev.faultline.collector.detect.BaseDetector;
import dev.faultline.collector.detect.ScoreMapping;
import java.util.Objects;

/**
 * Exponentially weighted mean and variance, for drifting series: the baseline follows slow drift, a fast move
 * scores high.
 *
 * <p>With {@code d = x_t - m_{t-1}}: {@code z_t = d / max(sqrt(v_{t-1}), floor)}; then {@code m_t = m_{t-1} + a*d'}
 * and {@code v_t = (1 - a)(v_{t-1} + a*d'^2)} (Finch 2009, "Incremental calculation of weighted mean and
 * variance", eq. 140-143), a numerically stable O(1) update. {@code d'} is {@code d} winsorised at {@code clip}
 * standard deviations, so one spike moves the baseline by at most {@code a * clip} sigma; a lasting level shift is
 * still absorbed within a few {@code 1/a} points. The first point initialises the mean; until {@code 1/a} points
 * are seen the update uses the cumulative average ({@code a_t = max(a, 1/t)}) so the start does not bias the mean.
 *
 * <p>Edge cases: warm-up at least {@code 2}; zero variance uses the {@link ScaleFloor}; gaps skipped; irregular
 * sampling is treated per point (not per unit of time). State: 3 doubles (see {@link
 * dev.faultline.collector.detect.FlatDetector}).
 */
public final class EwmaDetector extends BaseDetector {

  private final double alpha;
  private final double clip;
  private final ScoreMapping mapping;
  private final ScaleFloor floor;
  /** State slots: points seen, mean, variance. */
  private static final int N = 0;
  private static final int MEAN = 1;
  private static final int VAR = 2;

  public EwmaDetector(double alpha, double clip, int warmupPoints, ScoreMapping mapping, ScaleFloor floor) {
    super(Math.max(2, warmupPoints));
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (!(clip > 0)) {
      throw new IllegalArgumentException("clip must be > 0, was " + clip);
    }
    this.alpha = alpha;
    this.clip = clip;
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.floor = Objects.requireNonNull(floor, "floor");
  }

  /** alpha 0.01, clip 4 sigma, warm-up 128, mapping saturating(3, 3) (as {@code Detectors.create("ewma")}). */
  public static EwmaDetector withDefaults() {
    return new EwmaDetector(0.01, 4.0, 128, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
  }

  @Override
  protected int stateDoubles() {
    return 3;
  }

  @Override
  protected double scoreAndLearn(double[] s, int at, byte[] bytes, int byteAt, long timestampMillis,
      double value) {
    double n = ++s[at + N];
    if (n == 1) {
      s[at + MEAN] = value;
      return 0.0;
    }
    double mean = s[at + MEAN];
    double var = s[at + VAR];
    double d = value - mean;
    double sd = floor.apply(Math.sqrt(var), mean);
    double score = mapping.toScore(d / sd);
    double a = Math.max(alpha, 1.0 / n);
    if (n > 2) {
      double lim = clip * sd;
      d = d > lim ? lim : (d < -lim ? -lim : d);
    }
    s[at + MEAN] = mean + a * d;
    s[at + VAR] = (1 - a) * (var + a * d * d);
    return score;
  }

  /** Visible for testing: the mean of the {@code Detector} view's own state. */
  double mean() {
    return ownSlot(MEAN);
  }

  /** Visible for testing. */
  double variance() {
    return ownSlot(VAR);
  }
}
