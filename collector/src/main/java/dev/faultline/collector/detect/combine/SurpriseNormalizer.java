package dev.faultline.collector.detect.combine;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.detect.FlatDetector;
import dev.faultline.collector.detect.OwnStateDetector;
import dev.faultline.collector.detect.ScoreMapping;
import java.util.Objects;

/**
 * Re-scores a detector's output by how unusual it is for this series, so that one threshold fits series of very
 * different noisiness (the idea of Numenta's "anomaly likelihood", Ahmad et al. 2017, without the Gaussian tail).
 *
 * <p>With {@code s_t} the inner score: {@code a_t} is the mean of the last {@code shortWindow} inner scores, and
 * {@code mu}, {@code sd} an EWMA mean and standard deviation (rate {@code alpha}, stable update as in {@link
 * dev.faultline.collector.detect.stat.EwmaDetector}) of {@code s} over the long run, taken before {@code t}. The
 * output is {@code mapping((a_t - mu) / max(sd, minSd))} for {@code a_t > mu}, else 0. A noisy series that often
 * scores 0.5 needs far more than 0.5 to alert; a quiet one alerts on less. Any monotone tail probability of the
 * same standardised value would rank points identically, so the costly {@code erfc} is skipped.
 *
 * <p>Causal; O(1) per point; state {@code 9 + shortWindow} doubles before the inner detector's. Zero while the long-run
 * statistics warm up ({@code warmupPoints}); gaps (non-finite values) and out-of-order points score 0 without touching
 * the state.
 */
public final class SurpriseNormalizer extends OwnStateDetector {

  /** State slots, then the ring of the last inner scores, then the inner detector's slice. */
  private static final int HEAD = 0;
  private static final int FILLED = 1;
  private static final int SUM = 2;
  private static final int N = 3;
  private static final int MEAN = 4;
  private static final int VAR = 5;
  private static final int LAST_TIMESTAMP = 6;
  private static final int PEAK = 7;
  private static final int SEEN = 8;
  private static final int RING = 9;

  private final FlatDetector inner;
  private final int shortWindow;
  private final int innerAt;
  private final double alpha;
  private final double minSd;
  private final int warmupPoints;
  private final ScoreMapping mapping;
  private double peakWeight;
  private double peakDecay;
  private int innerWarmup;

  public SurpriseNormalizer(Detector inner, int shortWindow, double alpha, double minSd, int warmupPoints,
      ScoreMapping mapping) {
    this.inner = FlatDetector.of(Objects.requireNonNull(inner, "inner"));
    if (shortWindow < 1) {
      throw new IllegalArgumentException("shortWindow must be >= 1, was " + shortWindow);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (!(minSd > 0)) {
      throw new IllegalArgumentException("minSd must be > 0, was " + minSd);
    }
    this.shortWindow = shortWindow;
    this.innerAt = RING + shortWindow;
    this.alpha = alpha;
    this.minSd = minSd;
    this.warmupPoints = warmupPoints;
    this.mapping = Objects.requireNonNull(mapping, "mapping");
  }

  /**
   * Also scales by the recent peak: the denominator becomes {@code max(sd, minSd, weight * P)} where {@code P} is
   * the running maximum of the short average, halving every {@code halfLifePoints}. Recurring bursts of the same
   * size then stop alerting. Returns this.
   */
  public SurpriseNormalizer withPeakMemory(double weight, int halfLifePoints) {
    if (!(weight >= 0) || halfLifePoints < 1) {
      throw new IllegalArgumentException("weight must be >= 0 and halfLifePoints >= 1, were " + weight + ", "
          + halfLifePoints);
    }
    this.peakWeight = weight;
    this.peakDecay = Math.pow(0.5, 1.0 / halfLifePoints);
    return this;
  }

  /**
   * Ignores the first {@code points} accepted points (the inner detector's warm-up, when it scores 0 by contract):
   * they score 0 and are not learnt, so the long-run statistics start from the inner detector's first real scores
   * rather than from a run of warm-up zeros. Returns this.
   */
  public SurpriseNormalizer skippingInnerWarmup(int points) {
    if (points < 0) {
      throw new IllegalArgumentException("points must be >= 0, was " + points);
    }
    this.innerWarmup = points;
    return this;
  }

  @Override
  public int doubles() {
    return innerAt + inner.doubles();
  }

  @Override
  public int bytes() {
    return inner.bytes();
  }

  @Override
  public void init(double[] s, int at) {
    s[at + LAST_TIMESTAMP] = Long.MIN_VALUE;
    inner.init(s, at + innerAt);
  }

  @Override
  public double touch(double[] state, int at, long timestampMillis) {
    return inner.touch(state, at + innerAt, timestampMillis);
  }

  @Override
  public double update(double[] st, int at, byte[] bytes, int byteAt, long timestampMillis, double value) {
    double s = inner.update(st, at + innerAt, bytes, byteAt, timestampMillis, value);
    if (!Double.isFinite(value) || timestampMillis < st[at + LAST_TIMESTAMP]) {
      return 0.0; // a gap or an out-of-order point: the inner detector ignored it, and so do we
    }
    st[at + LAST_TIMESTAMP] = timestampMillis;
    if (st[at + SEEN] < innerWarmup) {
      st[at + SEEN]++;
      return 0.0;
    }
    int head = (int) st[at + HEAD];
    int ring = at + RING;
    double sum = st[at + SUM] + (s - st[ring + head]);
    st[at + SUM] = sum;
    st[ring + head] = s;
    st[at + HEAD] = head + 1 == shortWindow ? 0 : head + 1;
    double filled = st[at + FILLED];
    if (filled < shortWindow) {
      st[at + FILLED] = ++filled;
    }
    double avg = sum / filled;
    double out = 0.0;
    double n = st[at + N];
    double mean = st[at + MEAN];
    double var = st[at + VAR];
    double peak = st[at + PEAK];
    if (n >= warmupPoints) {
      double u = (avg - mean) / Math.max(Math.max(Math.sqrt(var), minSd), peakWeight * peak);
      out = u > 0 ? mapping.toScore(u) : 0.0;
    }
    st[at + PEAK] = Math.max(peak * peakDecay, avg);
    st[at + N] = ++n;
    double a = Math.max(alpha, 1.0 / n);
    double d = s - mean;
    st[at + MEAN] = mean + a * d;
    st[at + VAR] = (1 - a) * (var + a * d * d);
    return out;
  }
}
