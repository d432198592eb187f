package dev.faultline.collector.detect.combine;

import dev.faultline.collector.detect.Detector;
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
 * <p>Causal; O(1) per point; state {@code shortWindow} doubles. Zero while the long-run statistics warm up
 * ({@code warmupPoints}); gaps (non-finite values) and out-of-order points score 0 without touching the state.
 */
public final class SurpriseNormalizer implements Detector {

  private final Detector inner;
  private final double[] ring;
  private final double alpha;
  private final double minSd;
  private final int warmupPoints;
  private final ScoreMapping mapping;
  private int head;
  private int filled;
  private double sum;
  private long n;
  private double mean;
  private double var;
  private long lastTimestampMillis = Long.MIN_VALUE;
  private double peakWeight;
  private double peakDecay;
  private double peak;
  private int innerWarmup;
  private long seen;

  public SurpriseNormalizer(Detector inner, int shortWindow, double alpha, double minSd, int warmupPoints,
      ScoreMapping mapping) {
    this.inner = Objects.requireNonNull(inner, "inner");
    if (shortWindow < 1) {
      throw new IllegalArgumentException("shortWindow must be >= 1, was " + shortWindow);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (!(minSd > 0)) {
      throw new IllegalArgumentException("minSd must be > 0, was " + minSd);
    }
    this.ring = new double[shortWindow];
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
  public double update(long timestampMillis, double value) {
    double s = inner.update(timestampMillis, value);
    if (!Double.isFinite(value) || timestampMillis < lastTimestampMillis) {
      return 0.0; // a gap or an out-of-order point: the inner detector ignored it, and so do we
    }
    lastTimestampMillis = timestampMillis;
    if (seen < innerWarmup) {
      seen++;
      return 0.0;
    }
    sum += s - ring[head];
    ring[head] = s;
    head = head + 1 == ring.length ? 0 : head + 1;
    if (filled < ring.length) {
      filled++;
    }
    double avg = sum / filled;
    double out = 0.0;
    if (n >= warmupPoints) {
      double u = (avg - mean) / Math.max(Math.max(Math.sqrt(var), minSd), peakWeight * peak);
      out = u > 0 ? mapping.toScore(u) : 0.0;
    }
    peak = Math.max(peak * peakDecay, avg);
    n++;
    double a = Math.max(alpha, 1.0 / n);
    double d = s - mean;
    mean += a * d;
    var = (1 - a) * (var + a * d * d);
    return out;
  }
}
