package dev.faultline.collector.store;

import dev.faultline.collector.model.SeriesKey;
import java.util.Arrays;

/**
 * One series' points in a ring buffer: a single {@code long[]} holding, per point, the timestamp and the raw bits
 * of the value side by side (16 bytes per point, no object per point), oldest at {@code head}. The buffer starts
 * small and doubles up to the cap it is given, so a series that reports rarely costs little.
 *
 * <p>Why interleaved and why the cached fields: at a million samples per second over tens of thousands of series,
 * every append touches memory that is not in cache. Keeping timestamp and value in one array, and the last and
 * oldest timestamps next to the lock word in this object, makes an append touch two cache lines (this object and
 * the slot written) instead of four or five.
 *
 * <p>Thread-safety: every method holds this object's monitor; writers are ingest threads (possibly several for
 * a host series fed by several reporters), readers are query threads, and each critical section is short.
 */
public final class MemorySeries {

  private static final int INITIAL_CAPACITY = 8;

  static final int APPENDED = 0;
  static final int SKIPPED = 1;
  static final int RETIRED = 2;

  private final SeriesKey key;
  private final String type;
  private final String unit;
  private long[] points = new long[2 * INITIAL_CAPACITY];
  private int capacity = INITIAL_CAPACITY;
  private int head;
  private int size;
  private long lastTimestamp;
  private long oldestTimestamp;
  private boolean retired;

  MemorySeries(SeriesKey key, String type, String unit) {
    this.key = key;
    this.type = type;
    this.unit = unit;
  }

  public SeriesKey key() { return key; }

  /** {@code gauge}, {@code counter}, {@code rate} or {@code unspecified}, from the first definition seen. */
  public String type() { return type; }

  public String unit() { return unit; }

  /**
   * Appends a point if it is newer than the last one, keeping at most {@code cap} points and none older than
   * {@code timestampMillis - retentionMillis}.
   *
   * @return {@link #APPENDED}, {@link #SKIPPED} when not newer than the last point, or {@link #RETIRED} when this
   *     series was removed from the store (the caller looks the key up again)
   */
  synchronized int append(long timestampMillis, double value, int cap, long retentionMillis) {
    if (retired) {
      return RETIRED;
    }
    if (size > 0) {
      if (timestampMillis <= lastTimestamp) {
        return SKIPPED;
      }
      long cutoff = timestampMillis - retentionMillis;
      if (oldestTimestamp < cutoff) {
        evictBeforeLocked(cutoff);
      }
      while (size >= cap) {
        dropOldest();
      }
    }
    if (size == capacity) {
      resize(Math.min(cap, capacity * 2));
    } else if (capacity > 2 * cap && size < cap) {
      resize(cap); // the budget shrank (more series): give memory back
    }
    int i = 2 * index(size);
    points[i] = timestampMillis;
    points[i + 1] = Double.doubleToRawLongBits(value);
    if (size == 0) {
      oldestTimestamp = timestampMillis;
    }
    size++;
    lastTimestamp = timestampMillis;
    return APPENDED;
  }

  /**
   * Marks this series removed if it holds no points; a later append then reports {@link #RETIRED} instead of
   * writing into an object the store no longer lists.
   *
   * @return whether it was retired
   */
  synchronized boolean retireIfEmpty() {
    if (size == 0) {
      retired = true;
    }
    return retired;
  }

  synchronized boolean isRetired() {
    return retired;
  }

  /** Drops points older than {@code cutoffMillis}; returns how many. */
  synchronized int evictBefore(long cutoffMillis) {
    return evictBeforeLocked(cutoffMillis);
  }

  /** Points with {@code fromMillis <= t <= toMillis}, oldest first, as a copy. */
  public synchronized Points read(long fromMillis, long toMillis) {
    int first = 0;
    while (first < size && timestampAt(first) < fromMillis) {
      first++;
    }
    int end = first;
    while (end < size && timestampAt(end) <= toMillis) {
      end++;
    }
    long[] t = new long[end - first];
    double[] v = new double[end - first];
    for (int k = first; k < end; k++) {
      int i = 2 * index(k);
      t[k - first] = points[i];
      v[k - first] = Double.longBitsToDouble(points[i + 1]);
    }
    return new Points(t, v);
  }

  /** Count, last timestamp and last value in one consistent read. */
  public synchronized Summary summary() {
    if (size == 0) {
      return new Summary(0, 0, Double.NaN);
    }
    return new Summary(size, lastTimestamp, Double.longBitsToDouble(points[2 * index(size - 1) + 1]));
  }

  /** Bytes held by the point array (capacity, not size). */
  synchronized long arrayBytes() {
    return 8L * points.length;
  }

  private int evictBeforeLocked(long cutoffMillis) {
    int dropped = 0;
    while (size > 0 && oldestTimestamp < cutoffMillis) {
      dropOldest();
      dropped++;
    }
    return dropped;
  }

  private void dropOldest() {
    head = head + 1 == capacity ? 0 : head + 1;
    size--;
    if (size > 0) {
      oldestTimestamp = points[2 * head];
    }
  }

  private long timestampAt(int offset) {
    return points[2 * index(offset)];
  }

  private int index(int offset) {
    int i = head + offset;
    return i < capacity ? i : i - capacity;
  }

  private void resize(int newCapacity) {
    int n = Math.max(1, newCapacity);
    long[] p = new long[2 * n];
    int keep = Math.min(size, n);
    int skip = size - keep;
    for (int k = 0; k < keep; k++) {
      int from = 2 * index(skip + k);
      p[2 * k] = points[from];
      p[2 * k + 1] = points[from + 1];
    }
    points = p;
    capacity = n;
    head = 0;
    size = keep;
    if (size > 0) {
      oldestTimestamp = points[0];
    }
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
