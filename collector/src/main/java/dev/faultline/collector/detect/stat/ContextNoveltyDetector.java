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
 * allocation after construction. State: the count table in the series' bytes, {@code 5 + 2 * order} doubles. Edge
 * cases: a constant series is all one symbol (score 0 after the first points); gaps (non-finite values) are skipped by
 * {@link BaseDetector}; scores 0 during the warm-up.
 */
public final class ContextNoveltyDetector extends BaseDetector {

  /** log2 of the count table size used by the registry: 4096 one-byte counts per series. */
  public static final int DEFAULT_TABLE_BITS = 12;

  private static final long MIX = 0x9E3779B97F4A7C15L;

  /** State slots: range seen so far, ring of the last symbols, and scratch for the suffix hashes. */
  private static final int MIN = 0;
  private static final int MAX = 1;
  private static final int HEAD = 2;
  private static final int FILLED = 3;
  private static final int SINCE_DECAY = 4;
  private static final int SYMBOLS = 5;

  private final int bins;
  private final int order;
  private final int shift;
  private final int tableSize;

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
    this.tableSize = 1 << tableBits;
  }

  /** The registry's {@code context} detector: 6 bins, order 3, 4096 counts, warm-up 256. */
  public static ContextNoveltyDetector withDefaults() {
    return new ContextNoveltyDetector(6, 3, DEFAULT_TABLE_BITS, 256);
  }

  @Override
  protected int stateDoubles() {
    return SYMBOLS + 2 * order; // symbols, then the suffix table indexes of the current point
  }

  /** The count table: one byte per hashed context. */
  @Override
  public int bytes() {
    return tableSize;
  }

  @Override
  protected void initState(double[] s, int at) {
    s[at + MIN] = Double.POSITIVE_INFINITY;
    s[at + MAX] = Double.NEGATIVE_INFINITY;
  }

  @Override
  protected double scoreAndLearn(double[] s, int at, byte[] counts, int c0, long timestampMillis, double value) {
    int sym;
    double min = s[at + MIN];
    double max = s[at + MAX];
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
      s[at + MAX] = value;
    }
    if (value < min) {
      s[at + MIN] = value;
    }
    int symbols = at + SYMBOLS;
    int idx = symbols + order;
    int head = (int) s[at + HEAD];
    head = head == 0 ? order - 1 : head - 1;
    s[at + HEAD] = head;
    s[symbols + head] = sym;
    int filled = (int) s[at + FILLED];
    if (filled < order) {
      s[at + FILLED] = ++filled;
    }
    long h = 0x632BE59BD9B4E019L;
    int shortestNew = 0;
    for (int k = 0; k < filled; k++) {
      int p = head + k;
      h = (h ^ ((int) s[symbols + (p >= order ? p - order : p)] + 1)) * MIX;
      h ^= h >>> 29;
      int i = (int) (h >>> shift);
      s[idx + k] = i;
      if (shortestNew == 0 && counts[c0 + i] == 0) {
        shortestNew = k + 1;
      }
    }
    for (int k = 0; k < filled; k++) {
      int i = c0 + (int) s[idx + k];
      if (counts[i] != (byte) 0xFF) {
        counts[i]++;
      }
    }
    double sinceDecay = ++s[at + SINCE_DECAY];
    if (sinceDecay == tableSize) {
      s[at + SINCE_DECAY] = 0;
      for (int i = c0; i < c0 + tableSize; i++) {
        counts[i] = (byte) ((counts[i] & 0xFF) >>> 1);
      }
    }
    return shortestNew == 0 ? 0.0 : (double) (order - shortestNew + 1) / order;
  }
}
