package dev.faultline.collector.live;

import dev.faultline.collector.detect.combine.AlertingDetector;
import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.model.SeriesKey;

/**
 * Detector state and open anomaly of one series, owned by one detection worker. The detectors themselves are shared by
 * all series of a rule ({@link DetectionConfig#shared}); this series' state is two primitive arrays ({@link
 * dev.faultline.collector.detect.FlatDetector}), so scoring a sample touches a few adjacent cache lines. A counter (a
 * running total) is scored by its increase per second, not by its ever-growing value, which every detector would
 * otherwise find new at each point; a counter that goes down was reset (a restart) and gives a gap. A series that is
 * one of its entity's features ({@link EntityFeatures}) also passes its values on to the entity's state.
 *
 * <p>Not thread-safe: only the worker owning {@link #table} calls it.
 */
final class SeriesState {

  /** Doubles at the start of the state touched ahead of scoring: the default set's scalars fit in 80. */
  private static final int HEAD_DOUBLES = 80;

  final SeriesTable table;
  final SeriesKey key;
  final AnomalyReporter reporter;
  /** The rule's pipeline, shared with the other series of the rule; this series' state is in the two arrays. */
  private final AlertingDetector detector;
  private final double[] state;
  private final byte[] bytes;
  private final boolean counter;
  /** The entity this series is a feature of, or null; {@link #slot} is its feature index there. */
  EntityState entity;
  int slot = -1;
  /** False once the worker dropped this state; a ref still pointing here must be resolved again. */
  boolean live = true;
  long lastSeenMillis;
  private double lastTotal = Double.NaN;
  private long lastTotalMillis;
  /**
   * Set by {@link #restore} during a warm-up: the checkpoint covers the points up to this time, which then reach
   * only the entity ({@link #warmFeed}); the counter's last total is the checkpoint's from the first later point.
   */
  private long restoredUpToMillis = Long.MIN_VALUE;
  private double restoredTotal = Double.NaN;
  private long restoredTotalMillis;

  SeriesState(SeriesTable table, SeriesKey key, AlertingDetector detector, boolean counter) {
    this.table = table;
    this.key = key;
    this.reporter = new AnomalyReporter(key);
    this.detector = detector;
    this.counter = counter;
    this.state = new double[detector.doubles()];
    this.bytes = new byte[detector.bytes()];
    detector.init(state, 0);
  }

  void feed(long timeMillis, double value, AnomalyListener listener) {
    double v = counter ? ratePerSecond(timeMillis, value) : value;
    detector.update(state, 0, bytes, 0, timeMillis, v);
    if (!Double.isFinite(v)) {
      return; // a gap: the tracker did not move, so its justOpened flag is still the previous point's
    }
    reporter.onPoint(timeMillis, detector.lastRawScore(state, 0), detector.justOpened(state, 0),
        detector.state(state, 0).isOpen(), listener);
    if (entity != null) {
      entity.feed(slot, timeMillis, v, listener);
    }
  }

  /**
   * Feeds one point of a warm-up: a point the restored checkpoint already covers goes to the entity only (whose
   * state is not checkpointed, see {@link SeriesCheckpoint}), a later one is scored as usual.
   */
  void warmFeed(long timeMillis, double value, AnomalyListener listener) {
    if (timeMillis <= restoredUpToMillis) {
      double v = counter ? ratePerSecond(timeMillis, value) : value;
      if (entity != null) {
        entity.feed(slot, timeMillis, v, listener);
      }
      return;
    }
    endWarmUp();
    feed(timeMillis, value, listener);
  }

  /** Ends a restored warm-up: the counter continues from the checkpoint's last total. */
  void endWarmUp() {
    if (restoredUpToMillis != Long.MIN_VALUE) {
      restoredUpToMillis = Long.MIN_VALUE;
      lastTotal = restoredTotal;
      lastTotalMillis = restoredTotalMillis;
    }
  }

  int doubles() {
    return state.length;
  }

  int byteCount() {
    return bytes.length;
  }

  boolean counter() {
    return counter;
  }

  /** Bytes {@link #writeTo} writes. */
  int checkpointBytes() {
    return 4 + state.length * 8 + 4 + bytes.length + 16 + AnomalyReporter.CHECKPOINT_BYTES;
  }

  /**
   * Writes the detector's flat state, the counter's last total and the open alert (see {@link SeriesCheckpoint}):
   * in bulk, since a seasonal profile is thousands of doubles.
   */
  void writeTo(java.nio.ByteBuffer out) {
    out.putInt(state.length);
    out.asDoubleBuffer().put(state);
    out.position(out.position() + state.length * 8);
    out.putInt(bytes.length);
    out.put(bytes);
    out.putDouble(lastTotal);
    out.putLong(lastTotalMillis);
    reporter.writeTo(out);
  }

  /**
   * Replaces this fresh state with a checkpoint written by {@link #writeTo} for the same pipeline, covering the
   * points up to {@code upToMillis}.
   *
   * @throws IllegalArgumentException when the checkpoint's layout is not this pipeline's
   * @throws java.nio.BufferUnderflowException when it is cut short
   */
  void restore(java.nio.ByteBuffer in, long upToMillis) {
    int doubles = in.getInt();
    if (doubles != state.length) {
      throw new IllegalArgumentException(doubles + " doubles of state, the pipeline has " + state.length);
    }
    double[] s = new double[doubles];
    in.asDoubleBuffer().get(s);
    in.position(in.position() + doubles * 8);
    int byteCount = in.getInt();
    if (byteCount != bytes.length) {
      throw new IllegalArgumentException(byteCount + " bytes of state, the pipeline has " + bytes.length);
    }
    byte[] b = new byte[byteCount];
    in.get(b);
    double total = in.getDouble();
    long totalMillis = in.getLong();
    reporter.restore(in);
    System.arraycopy(s, 0, state, 0, s.length);
    System.arraycopy(b, 0, bytes, 0, b.length);
    restoredTotal = total;
    restoredTotalMillis = totalMillis;
    restoredUpToMillis = upToMillis;
  }

  /**
   * Reads what scoring a point at {@code timeMillis} will read (the first cache lines of the state, where every
   * detector's scalars are, the table slots for that time, the reporter) and returns a sum of it, without effect.
   * See {@link DetectionWorker}: touching a group of series first overlaps their cache misses.
   */
  double touch(long timeMillis) {
    double[] s = state;
    double sum = reporter.lastMillis();
    for (int i = 0, end = Math.min(s.length, HEAD_DOUBLES); i < end; i += 8) {
      sum += s[i]; // one read per 64-byte line
    }
    return sum + detector.touch(s, 0, timeMillis);
  }

  private double ratePerSecond(long timeMillis, double total) {
    double previous = lastTotal;
    long previousMillis = lastTotalMillis;
    if (Double.isNaN(total) || timeMillis <= previousMillis) {
      return Double.NaN;
    }
    lastTotal = total;
    lastTotalMillis = timeMillis;
    if (Double.isNaN(previous) || total < previous) {
      return Double.NaN;
    }
    return (total - previous) * 1000.0 / (timeMillis - previousMillis);
  }
}
