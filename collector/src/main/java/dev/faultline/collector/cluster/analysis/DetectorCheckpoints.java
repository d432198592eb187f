package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.live.StreamDetection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detector checkpoints of one analyzer task, in the changelog-backed store {@link
 * AnalyzerTopology#CHECKPOINTS_STORE} (key: series id): each series' detector state ({@link
 * StreamDetection#checkpoint}) with the point of its {@link SeriesWindow} it was taken at. A new owner of the
 * partition restores a series' detectors from its checkpoint and replays only the window's points after it, so
 * detectors that learn from more than the window (a seasonal profile over days) continue exactly.
 *
 * <p>Cost is spread: every {@link #tick} writes the share of the series due, so that each series is checkpointed
 * once per interval (if it got points since its last one), round robin. A series' key is thus rewritten once per
 * interval, through the record cache to the compacted changelog.
 *
 * <pre>
 * record: version u8 = 1, point number (long: the window's point count when taken), up-to ms (long: the window's
 *         newest timestamp then), state length (int), detector state deflated
 * </pre>
 *
 * Not thread-safe: owned by one stream task.
 */
final class DetectorCheckpoints {

  private static final int VERSION = 1;

  private final KeyValueStore<String, byte[]> store;
  private final long intervalMillis;
  private final long tickMillis;
  /** The series in checkpoint order: the head is the next due. */
  private final ArrayDeque<String> round = new ArrayDeque<>();
  /** Per series in the round: the window's point count at its last checkpoint. */
  private final Map<String, Long> taken = new HashMap<>();
  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
  private long written;
  private long writtenBytes;

  /** A restored checkpoint: the detector state after the window's points up to {@code pointNumber}. */
  record Saved(long pointNumber, long upToMillis, byte[] state) {}

  DetectorCheckpoints(KeyValueStore<String, byte[]> store, long intervalMillis, long tickMillis) {
    this.store = store;
    this.intervalMillis = intervalMillis;
    this.tickMillis = tickMillis;
  }

  /** Every stored checkpoint; a damaged one is deleted (its series is rebuilt from its points). */
  Map<String, Saved> loadAll() {
    Map<String, Saved> out = new HashMap<>();
    Map<String, byte[]> raw = new HashMap<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> raw.put(kv.key, kv.value));
    }
    raw.forEach((id, bytes) -> {
      try {
        out.put(id, decode(bytes));
      } catch (IllegalArgumentException e) {
        store.delete(id);
      }
    });
    return out;
  }

  /**
   * Whether {@code saved} can restore {@code window}'s series: the window still holds every point after it, and
   * it is not ahead of the window (the changelogs of the two stores are flushed independently: after a crash the
   * checkpoint may have reached Kafka while the window's last chunk had not).
   */
  static boolean usable(Saved saved, SeriesWindow window) {
    return saved.pointNumber() <= window.total() && window.total() - window.size() <= saved.pointNumber()
        && saved.upToMillis() <= window.lastTimestamp();
  }

  /** Adds {@code seriesId} to the round; {@code pointNumber}: its restored checkpoint's, or -1. */
  void track(String seriesId, long pointNumber) {
    if (taken.put(seriesId, pointNumber) == null) {
      round.addLast(seriesId);
    }
  }

  /** Drops {@code seriesId}'s checkpoint (the series left the store). */
  void forget(String seriesId) {
    if (taken.remove(seriesId) != null) {
      store.delete(seriesId);
    }
  }

  /** Deletes a stored checkpoint whose series has no window any more. */
  void forgetStored(String seriesId) {
    taken.remove(seriesId);
    store.delete(seriesId);
  }

  /** Frees the compressor (the task is closed). */
  void close() {
    deflater.end();
  }

  /**
   * Writes the checkpoints due: {@code tickMillis / intervalMillis} of the round (at least one), skipping series
   * without new points since their last checkpoint. Call between batches, on the task's thread.
   *
   * @return the checkpoints written
   */
  int tick(Map<String, SeriesWindow> windows, StreamDetection detection) {
    int due = (int) Math.min(round.size(), Math.max(1, (round.size() * tickMillis + intervalMillis - 1)
        / intervalMillis));
    int wrote = 0;
    for (int i = 0; i < due; i++) {
      String id = round.pollFirst();
      SeriesWindow w = windows.get(id);
      if (w == null || !taken.containsKey(id)) {
        taken.remove(id);
        continue;
      }
      round.addLast(id);
      if (taken.get(id) == w.total()) {
        continue;
      }
      if (writeNow(id, w, detection)) {
        wrote++;
      }
    }
    return wrote;
  }

  /** Writes {@code id}'s checkpoint now; false when its detectors have no state (not scored for lack of room). */
  boolean writeNow(String id, SeriesWindow w, StreamDetection detection) {
    byte[] state = detection.checkpoint(w.key());
    if (state == null) {
      return false;
    }
    byte[] record = encode(w.total(), w.lastTimestamp(), state);
    store.put(id, record);
    taken.put(id, w.total());
    written++;
    writtenBytes += record.length;
    return true;
  }

  /** Checkpoints written by this task, and their bytes (logs, tests). */
  long written() {
    return written;
  }

  long writtenBytes() {
    return writtenBytes;
  }

  byte[] encode(long pointNumber, long upToMillis, byte[] state) {
    deflater.reset();
    deflater.setInput(state);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + state.length / 4);
    byte[] buf = new byte[8192];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    byte[] packed = out.toByteArray();
    return ByteBuffer.allocate(21 + packed.length).put((byte) VERSION).putLong(pointNumber).putLong(upToMillis)
        .putInt(state.length).put(packed).array();
  }

  /** @throws IllegalArgumentException for a damaged record or one of an unknown version */
  static Saved decode(byte[] record) {
    try {
      ByteBuffer in = ByteBuffer.wrap(record);
      int version = in.get() & 0xff;
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown detector checkpoint record version " + version);
      }
      long pointNumber = in.getLong();
      long upTo = in.getLong();
      byte[] state = new byte[in.getInt()];
      Inflater inflater = new Inflater();
      try {
        inflater.setInput(record, in.position(), in.remaining());
        int n = inflater.inflate(state);
        if (n != state.length || !inflater.finished()) {
          throw new IllegalArgumentException("detector checkpoint shorter than its length");
        }
      } finally {
        inflater.end();
      }
      return new Saved(pointNumber, upTo, state);
    } catch (DataFormatException | java.nio.BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("damaged detector checkpoint: " + e, e);
    }
  }
}
