package dev.faultline.collector.rca.score;

import dev.faultline.collector.detect.Detector;
import java.util.Arrays;

/**
 * Streaming robust z-score detector used by the offline {@code rca} command to find the incident start (the live
 * collector passes its own {@link Detector} factory instead). Keeps the last {@code window} finite values, in arrival
 * order (ring) and sorted (insertion by binary search, O(window) per point, no allocation); score of a point =
 * {@code 1 - exp(-max(0, |z| - 2) / 4)} with z = (x - median) / spread, spread = max(IQR / 1.349, (P90 - P10) / 2.563,
 * 1% of |median|, 1e-9), and |z| capped at {@value RobustChangeScore#ZERO_SPREAD_CAP} when the window is constant. 0
 * while fewer than {@code warmup} values were seen; NaN scores 0 and is not stored. Deterministic, bounded state, not
 * thread-safe.
 */
public final class RobustZDetector implements Detector {
  private final double[] ring;
  private final double[] sorted;
  private final int warmup;
  private int size;
  private int next;

  public RobustZDetector(int window, int warmup) {
    if (window < 3) {
      throw new IllegalArgumentException("window must be >= 3, was " + window);
    }
    if (warmup < 2 || warmup > window) {
      throw new IllegalArgumentException("warmup must be in [2, window], was " + warmup);
    }
    this.ring = new double[window];
    this.sorted = new double[window];
    this.warmup = warmup;
  }

  @Override
  public double update(long timestampMillis, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return 0;
    }
    double score = 0;
    if (size >= warmup) {
      score = score(value);
    }
    if (size == ring.length) {
      remove(ring[next]);
    }
    insert(value);
    ring[next] = value;
    next = (next + 1) % ring.length;
    return score;
  }

  private double score(double value) {
    double med = quantile(0.5);
    double iqr = quantile(0.75) - quantile(0.25);
    double tails = quantile(0.9) - quantile(0.1);
    double spread = Math.max(Math.max(iqr / 1.349, tails / 2.563), Math.max(0.01 * Math.abs(med), 1e-9));
    double z = Math.abs(value - med) / spread;
    if (sorted[size - 1] == sorted[0]) {
      z = Math.min(z, RobustChangeScore.ZERO_SPREAD_CAP);
    }
    return 1 - Math.exp(-Math.max(0, z - 2) / 4);
  }

  private double quantile(double p) {
    double k = (size - 1) * p;
    int f = (int) Math.floor(k);
    int c = Math.min(f + 1, size - 1);
    return sorted[f] + (sorted[c] - sorted[f]) * (k - f);
  }

  private void insert(double v) {
    int i = Arrays.binarySearch(sorted, 0, size, v);
    i = i >= 0 ? i : -i - 1;
    System.arraycopy(sorted, i, sorted, i + 1, size - i);
    sorted[i] = v;
    size++;
  }

  private void remove(double v) {
    int i = Arrays.binarySearch(sorted, 0, size, v);
    System.arraycopy(sorted, i + 1, sorted, i, size - i - 1);
    size--;
  }
}
