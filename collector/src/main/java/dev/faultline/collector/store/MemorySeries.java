package dev.faultline.collector.store;

import dev.faultline.collector.model.SeriesKey;
import java.util.Arrays;

/**
 * One series' points in a ring buffer of primitive arrays (16 bytes per point, no object per point), oldest at
 * {@code head}. The buffer starts small and doubles up to the cap it is given, so a series that reports rarely
 * costs little.
 *
 * <p>Thread-safety: every method holds this object's monitor; writers are ingest threads (possibly several for
 * a host series fed by several reporters), readers are query threads, and each critical section is short.
 */
public final class MemorySeries {

  private static final int INITIAL_CAPACITY = 8;

  private final SeriesKey key;
  private final String type;
  private final String unit;
  private long[] timestamps = new long[INITIAL_CAPACITY];
  private double[] values = new double[INITIAL_CAPACITY];
  private int head;
  private int size;

  MemorySeries(SeriesKey key, String type, String unit) {
    this.key = key;
    this.type = type;
    this.unit = unit;
  }

  public SeriesKey key() { return key; }

  public String type() { return type; }

  public String unit() { return unit; }

  /**
   * Appends a point if it is newer than the last one, keeping at most {@code cap} points and none older than
   * {@code timestampMillis - retentionMillis}.
   *
   * @return false when skipped because not newer than the last point
   */
  synchronized boolean append(long timestampMillis, double value, int cap, long retentionMillis) {
    if (size > 0 && timestampMillis <= timestamps[index(size - 1)]) {
      return false;
    }
    long cutoff = timestampMillis - retentionMillis;
    while (size > 0 && (size >= cap || timestamps[head] < cutoff)) {
      dropOldest();
    }
    if (size == timestamps.length) {
      resize(Math.min(cap, timestamps.length * 2));
    } else if (timestamps.length > 2L * cap && size < cap) {
      resize(cap); // the budget shrank (more series): give memory back
    }
    int i = index(size);
    timestamps[i] = timestampMillis;
    values[i] = value;
    size++;
    return true;
  }

  /** Drops points older than {@code cutoffMillis}; returns how many. */
  synchronized int evictBefore(long cutoffMillis) {
    int dropped = 0;
    while (size > 0 && timestamps[head] < cutoffMillis) {
      dropOldest();
      dropped++;
    }
    return dropped;
  }

  /** Points with {@code fromMillis <= t <= toMillis}, oldest first, as a copy. */
  public synchronized Points read(long fromMillis, long toMillis) {
    int first = 0;
    while (first < size && timestamps[index(first)] < fromMillis) {
      first++;
    }
    int end = first;
    while (end < size && timestamps[index(end)] <= toMillis) {
      end++;
    }
    long[] t = new long[end - first];
    double[] v = new double[end - first];
    for (int i = first; i < end; i++) {
      t[i - first] = timestamps[index(i)];
      v[i - first] = values[index(i)];
    }
    return new Points(t, v);
  }

  /** Count, last timestamp and last value in one consistent read. */
  public synchronized Summary summary() {
    return size == 0
        ? new Summary(0, 0, Double.NaN)
        : new Summary(size, timestamps[index(size - 1)], values[index(size - 1)]);
  }

  /** Bytes held by the two arrays (capacity, not size). */
  synchronized long arrayBytes() {
    return 16L * timestamps.length;
  }

  private void dropOldest() {
    head = (head + 1) % timestamps.length;
    size--;
  }

  private int index(int offset) {
    int i = head + offset;
    return i < timestamps.length ? i : i - timestamps.length;
  }

  private void resize(int capacity) {
    long[] t = new long[Math.max(1, capacity)];
    double[] v = new double[t.length];
    int keep = Math.min(size, t.length);
    int skip = size - keep;
    for (int i = 0; i < keep; i++) {
      t[i] = timestamps[index(skip + i)];
      v[i] = values[index(skip + i)];
    }
    timestamps = t;
    values = v;
    head = 0;
    size = keep;
  }

  /** Points as parallel arrays. */
  public record Points(long[] timestamps, double[] values) {
    public int size() {
      return timestamps.length;
    }

    @Override
    public String toString() {
      return Arrays.toString(timestamps) + " " + Arrays.toString(values);
    }
  }

  /** @param lastTimestampMillis 0 and {@code lastValue} NaN when empty */
  public record Summary(int points, long lastTimestampMillis, double lastValue) {}
}
