package dev.faultline.collector.detect;

/**
 * A streaming detector as a pure function over a slice of per-series state: the object holds only its immutable
 * parameters, and everything a series has learnt lives in two primitive arrays the caller owns (doubles, plus bytes
 * for small counters). One instance therefore serves every series that uses the same rule, and scoring a sample
 * touches the series' own arrays (a few adjacent cache lines) instead of a graph of a dozen objects per series.
 *
 * <p>Layout: a detector uses {@link #doubles()} doubles from offset {@code at} and {@link #bytes()} bytes from
 * offset {@code byteAt}; a combinator places its members' slices after its own. A fresh state is all zeros, then
 * {@link #init}. Same contract as {@link Detector} otherwise (causal, deterministic, bounded, scores in [0, 1], a
 * NaN value is a gap that scores 0 and leaves the state unchanged). Thread-safe as long as no two threads update
 * the same state.
 *
 * <pre>{@code
 * FlatDetector rule = (FlatDetector) Detectors.create("default");     // shared by all series of a rule
 * double[] state = new double[rule.doubles()];                         // one pair of arrays per series
 * byte[] counts = new byte[rule.bytes()];
 * rule.init(state, 0);
 * double score = rule.update(state, 0, counts, 0, timestampMillis, value);
 * }</pre>
 */
public interface FlatDetector {

  /** Number of doubles of state per series. */
  int doubles();

  /** Number of bytes of state per series (small saturating counters); 0 by default. */
  default int bytes() {
    return 0;
  }

  /** Sets the initial values of a zeroed state slice; nothing by default (all-zero start). */
  default void init(double[] state, int at) {}

  /**
   * Feeds the next point of the series whose state starts at {@code at} / {@code byteAt}, returns its score.
   *
   * @param timestampMillis epoch milliseconds, not decreasing from one call to the next
   * @param value the observation; NaN marks a missing value
   * @return the anomaly score in [0, 1]
   */
  double update(double[] state, int at, byte[] bytes, int byteAt, long timestampMillis, double value);

  /**
   * Reads the state a point at {@code timestampMillis} will read beyond the start of the slice (the slots of a
   * large table, such as the seasonal profile's slot for that time), and returns their sum so that the reads are
   * not optimised away; 0 by default (nothing beyond the start). Pure, no effect on the state: a caller scoring
   * many series first touches the state of a group of them, so that their cache misses overlap instead of queueing
   * one after another, then scores them one by one.
   */
  default double touch(double[] state, int at, long timestampMillis) {
    return 0.0;
  }

  /**
   * {@code detector} itself if it is flat; otherwise an adapter with no state of its own that calls it, which is
   * only correct for a combinator fed as one series (such as a composite of hand-written detectors in a test).
   */
  static FlatDetector of(Detector detector) {
    if (detector instanceof FlatDetector flat) {
      return flat;
    }
    return new FlatDetector() {
      @Override
      public int doubles() {
        return 0;
      }

      @Override
      public double update(double[] state, int at, byte[] bytes, int byteAt, long timestampMillis, double value) {
        return detector.update(timestampMillis, value);
      }
    };
  }
}
