package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.live.RecentPoints;
import dev.faultline.collector.model.SeriesKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent points of one series with its identity: the value of the analyzer's changelog-backed points store.
 * The detectors are rebuilt from these windows when a partition moves (see {@link AnalyzerProcessor}), so a window
 * must hold what the detectors need to learn: {@code capacity} points, the oldest dropped first.
 *
 * <pre>
 * version u8 = 1, metric, service, instance, host, type, unit (UTF), label count (int), (key, value)*,
 * point count (int), then per point: timestamp (long), value (double)
 * </pre>
 *
 * Not thread-safe: owned by one stream task.
 */
final class SeriesWindow {

  private static final int VERSION = 1;

  private final SeriesKey key;
  private final String type;
  private final String unit;
  private long[] timestamps;
  private double[] values;
  private int size;

  SeriesWindow(SeriesKey key, String type, String unit) {
    this(key, type, unit, new long[8], new double[8], 0);
  }

  private SeriesWindow(SeriesKey key, String type, String unit, long[] timestamps, double[] values, int size) {
    this.key = key;
    this.type = type;
    this.unit = unit;
    this.timestamps = timestamps;
    this.values = values;
    this.size = size;
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

  byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + size * 16);
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
      out.writeInt(size);
      for (int i = 0; i < size; i++) {
        out.writeLong(timestamps[i]);
        out.writeDouble(values[i]);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not throw
    }
  }

  /** @throws IllegalArgumentException for bytes that are not a window of a known version */
  static SeriesWindow decode(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown series window version " + version);
      }
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
      int n = in.readInt();
      long[] ts = new long[Math.max(8, n)];
      double[] vs = new double[Math.max(8, n)];
      for (int i = 0; i < n; i++) {
        ts[i] = in.readLong();
        vs[i] = in.readDouble();
      }
      return new SeriesWindow(SeriesKey.of(metric, labels, service, instance, host), type, unit, ts, vs, n);
    } catch (IOException e) {
      throw new IllegalArgumentException("damaged series window of " + bytes.length + " bytes: " + e.getMessage(), e);
    }
  }
}
