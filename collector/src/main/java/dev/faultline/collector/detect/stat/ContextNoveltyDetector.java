package dev.faultline.collector.detect.stat;

import dev.faultline.collector.detect.BaseDetector;

/**
 * Shape (context) detector: how novel is the recent sequence of discretised values? Catches anomalies that are
 * neither unusual levels nor unusual spreads: a daily pattern that goes flat, a missing or inverted daily jump, a
 * new rhythm of spikes.
 *
 * <p>Each value is discretised into one of {@code bins} equal-width bins over the range seen so far ({@code [min,
 * max]} of the earlier points; a value beyond that range by more than one bin width gets its own "new high" or
 * "new low" symbol, one just outside it the nearest bin). The
 * suffixes of the last {@code order} symbols ({@code k = 1..order}) are hashed into a table of small counts. With
 * {@code m} the length of the shortest suffix never seen before, the score is {@code (order - m + 1) / order}, or 0
 * if every suffix is known: a never-seen value scores 1, a familiar value in a never-seen long context scores
 * {@code 1/order}. Then every suffix is counted. This is the idea of context-based detectors such as CAD OSE
 * (Smirnov and Mitrofanov, NAB 2016) and of variable-order Markov novelty, reduced to O(order) work per point.
 *
 * <p>Bounded state: the count table ({@code 2^tableBits} bytes, counts saturate at 255) is halved every {@code
 * 2^tableBits} points, so contexts not seen again are forgotten and the table does not fill up with noise. Hash
 * collisions can only hide novelty (a false "known"), never invent it. Deterministic (fixed hash), causal, no
 * allocation after construction. Edge cases: a constant series is all one symbol (score 0 after the first points);
 * gaps (non-finite values) are skipped by {@link BaseDetector}; scores 0 during the warm-up. Not thread-safe.
 */
public final class ContextNoveltyDetector extends BaseDetector {

  /** log2 of the count table size used by the registry: 4096 one-byte counts per series. */
  public static final int DEFAULT_TABLE_BITS = 12;

  private static final long MIX = 0x9E3779B97F4A7C15L;

  private final int bins;
  private final int order;
  private final int shift;
  private final byte[] counts;
  private final int[] idx;
  private final int[] symbols;
  private int head;
  private int filled;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private int sinceDecay;

  /**
   * @param bins number of value bins, 2 to 1024
   * @param order longest context length in points, 1 to 64
   * @param tableBits log2 of the count table size, 8 to 24
   * @param warmupPoints leading points that only train
   */
  public ContextNoveltyDetector(int bins, int order, int tableBits, int warmupPoints) {
    super(warmupPoints);
    if (bins < 2 || bins > 1024) {
      throw new IllegalArgumentException("bins must be in [2, 1024], was " + bins);
    }
    if (order < 1 || order > 64) {
      throw new IllegalArgumentException("order must be in [1, 64], was " + order);
    }
    if (tableBits < 8 || tableBits > 24) {
      throw new IllegalArgumentException("tableBits must be in [8, 24], was " + tableBits);
    }
    this.bins = bins;
    this.order = order;
    this.shift = 64 - tableBits;
    this.counts = new byte[1 << tableBits];
    this.idx = new int[order];
    this.symbols = new int[order];
  }

  /** The registry's {@code context} detector: 6 bins, order 3, 4096 counts, warm-up 256. */
  public static ContextNoveltyDetector withDefaults() {
    return new ContextNoveltyDetector(6, 3, DEFAULT_TABLE_BITS, 256);
  }

  @Override
  protected double scoreAndLearn(long timestampMillis, double value) {
    int sym;
    double range = max - min;
    double pos = range > 0 ? (value - min) / range * bins : value > max ? bins + 1 : value < min ? -2 : 0;
    if (pos >= bins + 1) {
      sym = bins; // a new high: beyond the range seen so far by more than one bin width
    } else if (pos < -1) {
      sym = bins + 1; // a new low
    } else {
      sym = pos >= bins ? bins - 1 : pos < 0 ? 0 : (int) pos;
    }
    if (value > max) {
      max = value;
    }
    if (value < min) {
      min = value;
    }
    head = head == 0 ? order - 1 : head - 1;
    symbols[head] = sym;
    if (filled < order) {
      filled++;
    }
    long h = 0x632BE59BD9B4E019L;
    int shortestNew = 0;
    for (int k = 0; k < filled; k++) {
      int p = head + k;
      h = (h ^ (symbols[p >= order ? p - order : p] + 1)) * MIX;
      h ^= h >>> 29;
      int i = (int) (h >>> shift);
      idx[k] = i;
      if (shortestNew == 0 && counts[i] == 0) {
        shortestNew = k + 1;
      }
    }
    for (int k = 0; k < filled; k++) {
      int i = idx[k];
      if (counts[i] != (byte) 0xFF) {
        counts[i]++;
      }
    }
    if (++sinceDecay == counts.length) {
      sinceDecay = 0;
      for (int i = 0; i < counts.length; i++) {
        counts[i] = (byte) ((counts[i] & 0xFF) >>> 1);
      }
    }
    return shortestNew == 0 ? 0.0 : (double) (order - shortestNew + 1) / order;
  }
}
