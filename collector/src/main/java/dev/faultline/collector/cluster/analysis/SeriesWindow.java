package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.live.RecentPoints;
import dev.faultline.collector.model.SeriesKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent points of one series with its identity: what the analyzer keeps in its changelog-backed points store.
 * The detectors are rebuilt from these windows when a partition moves (see {@link AnalyzerProcessor}), so a window
 * holds what the detectors need to learn: {@code capacity} points, the oldest dropped first.
 *
 * <p>In the store a window is several records, so that a batch rewrites only what it changed (each write is also a
 * changelog record): the identity once ({@link #metaKey}), and the points in chunks of {@link #CHUNK} consecutive
 * points ({@link #chunkKey}), numbered by the series' point count; a batch rewrites the chunk it appended to, and a
 * chunk that fell out of the window is deleted.
 *
 * <pre>
 * meta:  version u8 = 1, metric, service, instance, host, type, unit (UTF), label count (int), (key, value)*
 * chunk: version u8 = 1, point count (int), then per point: timestamp (long), value (double)
 * </pre>
 *
 * Not thread-safe: owned by one stream task.
 */
final class SeriesWindow {

  private static final int VERSION = 1;
  /** Points per stored chunk. */
  static final int CHUNK = 60;
  private static final char SEP = '\u0000';

  private final SeriesKey key;
  private final String type;
  private final String unit;
  private long[] timestamps;
  private double[] values;
  private int size;
  /** Points ever appended (the number of the next point): chunk {@code c} holds points {@code [c, c + 1) * CHUNK}. */
  private long total;

  SeriesWindow(SeriesKey key, String type, String unit) {
    this(key, type, unit, new long[8], new double[8], 0, 0);
  }

  private SeriesWindow(SeriesKey key, String type, String unit, long[] timestamps, double[] values, int size,
      long total) {
    this.key = key;
    this.type = type;
    this.unit = unit;
    this.timestamps = timestamps;
    this.values = values;
    this.size = size;
    this.total = total;
  }

  /** Points appended so far (across restores). */
  long total() {
    return total;
  }

  static String metaKey(String seriesId) {
    return seriesId + SEP + "m";
  }

  static String chunkKey(String seriesId, long chunk) {
    return seriesId + SEP + "c" + chunk;
  }

  /** The series id of a store key. */
  static String seriesId(String storeKey) {
    return storeKey.substring(0, storeKey.lastIndexOf(SEP));
  }

  /** The chunk number of a chunk key, or -1 for the meta key. */
  static long chunkNumber(String storeKey) {
    String suffix = storeKey.substring(storeKey.lastIndexOf(SEP) + 1);
    return suffix.startsWith("c") ? Long.parseLong(suffix.substring(1)) : -1;
  }

  SeriesKey key() {
    return key;
  }

  /** The newest timestamp, or {@link Long#MIN_VALUE} when empty. */
  long lastTimestamp() {
    return size == 0 ? Long.MIN_VALUE : timestamps[size - 1];
  }

  int size() {
    return size;
  }

  /** Appends a point newer than {@link #lastTimestamp}, dropping the oldest beyond {@code capacity}. */
  void append(long timestampMillis, double value, int capacity) {
    if (size == capacity) {
      int keep = capacity - Math.max(1, capacity / 8); // shift in chunks: one copy per capacity/8 points
      System.arraycopy(timestamps, size - keep, timestamps, 0, keep);
      System.arraycopy(values, size - keep, values, 0, keep);
      size = keep;
    }
    if (size == timestamps.length) {
      int grown = Math.min(capacity, timestamps.length * 2);
      timestamps = Arrays.copyOf(timestamps, grown);
      values = Arrays.copyOf(values, grown);
    }
    timestamps[size] = timestampMillis;
    values[size] = value;
    size++;
    total++;
  }

  /** The points as a detector warm-up reads them. */
  RecentPoints.History history() {
    return new RecentPoints.History(key, type, unit, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
  }

  String type() {
    return type;
  }

  String unit() {
    return unit;
  }

  /** The identity record. */
  byte[] encodeMeta() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeUTF(key.metric());
      out.writeUTF(key.service());
      out.writeUTF(key.instance());
      out.writeUTF(key.host());
      out.writeUTF(type);
      out.writeUTF(unit);
      out.writeInt(key.labels().size());
      for (Map.Entry<String, String> l : key.labels().entrySet()) {
        out.writeUTF(l.getKey());
        out.writeUTF(l.getValue());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not throw
    }
  }

  /** The points of chunk {@code chunk} still in this window (the chunk's older points may have been dropped). */
  byte[] encodeChunk(long chunk) {
    long first = total - size; // number of the oldest point held
    int from = (int) Math.max(0, chunk * CHUNK - first);
    int to = (int) Math.min(size, (chunk + 1) * CHUNK - first);
    int n = Math.max(0, to - from);
    ByteBuffer out = ByteBuffer.allocate(5 + n * 16); // big-endian, as DataOutputStream wrote it
    out.put((byte) VERSION);
    out.putInt(n);
    for (int i = from; i < from + n; i++) {
      out.putLong(timestamps[i]);
      out.putDouble(values[i]);
    }
    return out.array();
  }

  /**
   * A window from its stored records: the identity and the chunks in any order, keeping the last {@code capacity}
   * points.
   *
   * @throws IllegalArgumentException for records that are not of a known version
   */
  static SeriesWindow restore(byte[] meta, java.util.SortedMap<Long, byte[]> chunks, int capacity) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(meta));
      version(in);
      String metric = in.readUTF();
      String service = in.readUTF();
      String instance = in.readUTF();
      String host = in.readUTF();
      String type = in.readUTF();
      String unit = in.readUTF();
      int labelCount = in.readInt();
      Map<String, String> labels = new TreeMap<>();
      for (int i = 0; i < labelCount; i++) {
        labels.put(in.readUTF(), in.readUTF());
      }
      SeriesWindow w = new SeriesWindow(SeriesKey.of(metric, labels, service, instance, host), type, unit);
      for (Map.Entry<Long, byte[]> c : chunks.entrySet()) {
        DataInputStream cin = new DataInputStream(new ByteArrayInputStream(c.getValue()));
        version(cin);
        int n = cin.readInt();
        for (int i = 0; i < n; i++) {
          long t = cin.readLong();
          double v = cin.readDouble();
          if (t > w.lastTimestamp()) {
            w.append(t, v, capacity);
          }
        }
        // a chunk is written while it is the newest, never trimmed then (a window holds at least 7/8 of its
        // capacity, over two chunks): its points are the chunk's first ones
        w.total = c.getKey() * CHUNK + n;
      }
      return w;
    } catch (IOException e) {
      throw new IllegalArgumentException("damaged points window: " + e.getMessage(), e);
    }
  }

  private static void version(DataInputStream in) throws IOException {
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown points window version " + version);
    }
  }
}
