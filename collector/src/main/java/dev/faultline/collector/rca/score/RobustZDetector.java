package dev.faultline.collector.rca.score;

import dev.faultline.collector.detect.Detector;
import java.util.Arrays;

/**
 * Streaming robust z-score detector used by the offline {@code rca} command to find the incident start (the live
 * collector passes its own {@link Detector} factory instead). Keeps the last {@code window} finite values in a ring
 * buffer; score of a point = {@code 1 - exp(-max(0, |z| - 2) / 4)} with z = (x - median) / spread, spread = max(1.4826
 * MAD, IQR / 1.349, 1% of |median|, 1e-9), and |z| capped at {@value RobustChangeScore#ZERO_SPREAD_CAP} when the
 * window is constant. 0 while fewer than {@code warmup} values were seen; NaN scores 0 and is not stored.
 * Deterministic, bounded state, not thread-safe.
 */
public final class RobustZDetector implements Detector {
  private final double[] ring;
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
    this.warmup = warmup;
  }

  @Override
  public double update(long timestampMillis, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return 0;
    }
    double score = 0;
    if (size >= warmup) {
      double[] w = Arrays.copyOf(ring, size);
      Arrays.sort(w);
      double med = RobustChangeScore.quantile(w, 0.5);
      double iqr = RobustChangeScore.quantile(w, 0.75) - RobustChangeScore.quantile(w, 0.25);
      double[] dev = new double[size];
      for (int i = 0; i < size; i++) {
        dev[i] = Math.abs(w[i] - med);
      }
      Arrays.sort(dev);
      double spread = Math.max(Math.max(1.4826 * RobustChangeScore.quantile(dev, 0.5), iqr / 1.349),
          Math.max(0.01 * Math.abs(med), 1e-9));
      double z = Math.abs(value - med) / spread;
      if (w[size - 1] == w[0]) {
        z = Math.min(z, RobustChangeScore.ZERO_SPREAD_CAP);
      }
      score = 1 - Math.exp(-Math.max(0, z - 2) / 4);
    }
    ring[next] = value;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
    return score;
  }
}
