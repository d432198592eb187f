package dev.faultline.collector.detect.stat;

import dev.faultline.collector.detect.BaseDetector;
import dev.faultline.collector.detect.ScoreMapping;
import java.util.Objects;

/**
 * Two-sided CUSUM change-point detector (Page 1954) for level shifts.
 *
 * <p>Points are standardised against a slow, winsorised EWMA baseline ({@code z = (x - m) / sd}, as in {@link
 * EwmaDetector}). Then {@code S+ = max(0, S+ + z - k)} and {@code S- = max(0, S- - z - k)}: each accumulates evidence
 * of a shift of more than {@code k} sigma in one direction and drains otherwise. The score is {@code mapping(max(S+,
 * S-) / h)}. When the statistic reaches {@code h} a change is declared: both sums restart at 0 and the baseline mean
 * jumps to a fast EWMA of recent points (alpha {@code 0.2}), so the new level becomes normal instead of alerting
 * forever; the spread estimate is kept. O(1) per point, no allocation.
 *
 * <p>Edge cases: warm-up at least 2; zero spread uses the {@link ScaleFloor}; gaps skipped. State: 6 doubles.
 */
public final class CusumDetector extends BaseDetector {

  private final double alpha;
  private final double k;
  private final double h;
  private final ScoreMapping mapping;
  private final ScaleFloor floor;
  /** State slots. */
  private static final int N = 0;
  private static final int MEAN = 1;
  private static final int VAR = 2;
  private static final int FAST = 3;
  private static final int UP = 4;
  private static final int DOWN = 5;

  public CusumDetector(double alpha, double k, double h, int warmupPoints, ScoreMapping mapping, ScaleFloor floor) {
    super(Math.max(2, warmupPoints));
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (!(k >= 0) || !(h > 0)) {
      throw new IllegalArgumentException("k must be >= 0 and h > 0, were " + k + ", " + h);
    }
    this.alpha = alpha;
    this.k = k;
    this.h = h;
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.floor = Objects.requireNonNull(floor, "floor");
  }

  /** alpha 0.01, k 0.5, h 8, warm-up 128, mapping saturating(0.5, 0.5) of S/h (a declared change scores 0.5). */
  public static CusumDetector withDefaults() {
    return new CusumDetector(0.01, 0.5, 8.0, 128, ScoreMapping.saturating(0.5, 0.5), ScaleFloor.DEFAULT);
  }

  @Override
  protected int stateDoubles() {
    return 6;
  }

  @Override
  protected double scoreAndLearn(double[] st, int at, byte[] bytes, int byteAt, long timestampMillis,
      double value) {
    double n = ++st[at + N];
    if (n == 1) {
      st[at + MEAN] = value;
      st[at + FAST] = value;
      return 0.0;
    }
    double mean = st[at + MEAN];
    double var = st[at + VAR];
    double d = value - mean;
    double sd = floor.apply(Math.sqrt(var), mean);
    double z = d / sd;
    double fast = st[at + FAST] + 0.2 * (value - st[at + FAST]);
    st[at + FAST] = fast;
    double score = 0.0;
    if (acceptedPoints(st, at) >= warmupPoints()) {
      double up = Math.max(0.0, st[at + UP] + z - k);
      double down = Math.max(0.0, st[at + DOWN] - z - k);
      double s = Math.max(up, down);
      score = mapping.toScore(s / h);
      if (s >= h) {
        st[at + UP] = 0.0;
        st[at + DOWN] = 0.0;
        st[at + MEAN] = fast;
        return score;
      }
      st[at + UP] = up;
      st[at + DOWN] = down;
    }
    double a = Math.max(alpha, 1.0 / n);
    if (n > 2) {
      double lim = 4 * sd;
      d = d > lim ? lim : (d < -lim ? -lim : d);
    }
    st[at + MEAN] = mean + a * d;
    st[at + VAR] = (1 - a) * (var + a * d * d);
    return score;
  }
}
