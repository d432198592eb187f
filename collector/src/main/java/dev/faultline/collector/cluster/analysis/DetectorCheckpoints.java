package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.live.StreamDetection;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
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
 *         newest timestamp then), state length (int), then the state as 8-byte words in runs until its length:
 *         zero words (varint count, nothing stored), non-zero words (varint count, the words)
 * </pre>
 *
 * Why runs of zeros and not deflate: a seasonal profile is mostly empty (weekly slots) for its first week and
 * incompressible doubles after, and deflating 60 KB cost the stream thread about as much as scoring 100 points;
 * skipping zero words costs a pass over the state. The changelog producer may still compress
 * ({@code compression.type} in {@code cluster.kafka}).
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
    return true;
  }

  /** The record of a checkpoint (see the class comment). */
  byte[] encode(long pointNumber, long upToMillis, byte[] state) {
    int words = (state.length + 7) / 8;
    byte[] padded = state.length % 8 == 0 ? state : Arrays.copyOf(state, words * 8);
    ByteBuffer in = ByteBuffer.wrap(padded);
    ByteBuffer out = ByteBuffer.allocate(21 + words * 8 + (words + 1) * 10); // worst case: runs of one word
    out.put((byte) VERSION).putLong(pointNumber).putLong(upToMillis).putInt(state.length);
    int at = 0;
    while (at < words) {
      int zeros = 0;
      while (at + zeros < words && in.getLong((at + zeros) * 8) == 0) {
        zeros++;
      }
      int data = 0;
      while (at + zeros + data < words && in.getLong((at + zeros + data) * 8) != 0) {
        data++;
      }
      putVarint(out, zeros);
      putVarint(out, data);
      out.put(padded, (at + zeros) * 8, data * 8);
      at += zeros + data;
    }
    return Arrays.copyOf(out.array(), out.position());
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
      int length = in.getInt();
      int words = (length + 7) / 8;
      byte[] padded = new byte[words * 8];
      int at = 0;
      while (at < words) {
        int zeros = getVarint(in);
        int data = getVarint(in);
        if (zeros < 0 || data < 0 || (long) at + zeros + data > words || zeros + data == 0) {
          throw new IllegalArgumentException("damaged detector checkpoint: a run past the state's length");
        }
        in.get(padded, (at + zeros) * 8, data * 8);
        at += zeros + data;
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("damaged detector checkpoint: bytes after the state");
      }
      return new Saved(pointNumber, upTo, length == padded.length ? padded : Arrays.copyOf(padded, length));
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("damaged detector checkpoint: " + e, e);
    }
  }

  private static void putVarint(ByteBuffer out, int value) {
    while ((value & ~0x7F) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  private static int getVarint(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("damaged detector checkpoint: a run length too long");
  }
}
