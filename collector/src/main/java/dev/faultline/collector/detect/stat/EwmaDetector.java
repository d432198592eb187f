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
 * sampling is treated per point (not per unit of time). Not thread-safe.
 */
public final class EwmaDetector extends BaseDetector {

  private final double alpha;
  private final double clip;
  private final ScoreMapping mapping;
  private final ScaleFloor floor;
  private long n;
  private double mean;
  private double var;

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
  protected double scoreAndLearn(long timestampMillis, double value) {
    n++;
    if (n == 1) {
      mean = value;
      return 0.0;
    }
    double d = value - mean;
    double sd = floor.apply(Math.sqrt(var), mean);
    double score = mapping.toScore(d / sd);
    double a = Math.max(alpha, 1.0 / n);
    if (n > 2) {
      double lim = clip * sd;
      d = d > lim ? lim : (d < -lim ? -lim : d);
    }
    mean += a * d;
    var = (1 - a) * (var + a * d * d);
    return score;
  }

  /** Visible for testing. */
  double mean() {
    return mean;
  }

  /** Visible for testing. */
  double variance() {
    return var;
  }
}
