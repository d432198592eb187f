package dev.faultline.collector.store;

import java.util.ArrayDeque;

/**
 * Points of a fixed list of series that report together, stored as rows: one timestamp per row and one value per
 * series (column), row after row in chunks of {@code double[rows * width]}. Appending a sample group of an agent's
 * batch is therefore one {@link System#arraycopy} of its values and one timestamp, whatever the number of series,
 * instead of one ring-buffer write (and a cache miss or two) per sample.
 *
 * <pre>
 *   chunk 0 (oldest)                       chunk 1
 *   times  [t0 t1 t2 ... ]                 times  [t8 t9 . ]
 *   values [v0,0 .. v0,w-1 | v1,0 .. | ..] values [..       ]
 *           ^ head (first live row)                 ^ next free row
 * </pre>
 *
 * <p>Chunks start at {@value #FIRST_CHUNK_ROWS} rows and double up to about {@value #CHUNK_VALUES} values each, so
 * a block never copies its points when it grows, and a block of one series (a series' own block, for samples
 * outside any recurring group) costs little. A chunk whose rows have all been evicted is kept as the next chunk
 * once, so a block at its cap allocates nothing.
 *
 * <p>Rows are kept while newer than the retention and at most {@code cap} of them. A row not newer than the last one
 * is skipped (an agent resending older data, or two reporters of a host series).
 *
 * <p>Thread-safety: every method holds this block's monitor; a block has one writer at a time in practice (the
 * connection's event loop), readers are query threads. Once {@linkplain #killIfEmpty() dead} (left empty by
 * retention) a block refuses appends, so a writer holding a stale reference never writes where nobody reads.
 */
final class RowBlock {

  static final int APPENDED = 0;
  static final int SKIPPED = 1;
  static final int DEAD = 2;

  private static final int FIRST_CHUNK_ROWS = 8;
  /** Target values per chunk: 256 KiB, below G1's humongous threshold for small heaps. */
  private static final int CHUNK_VALUES = 32 * 1024;
  private static final int MAX_CHUNK_ROWS = 1024;

  private final MemorySeries[] members;
  private final int width;
  private final int maxChunkRows;
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private Chunk spare;
  /** First live row in the oldest chunk. */
  private int head;
  private int rows;
  private long lastTimestamp;
  private long oldestTimestamp;
  private boolean dead;

  /** @param members the series of each column, in column order (a series may appear twice) */
  RowBlock(MemorySeries[] members) {
    this.members = members;
    this.width = members.length;
    this.maxChunkRows = Math.max(1, Math.min(MAX_CHUNK_ROWS, CHUNK_VALUES / Math.max(1, width)));
  }

  MemorySeries[] members() {
    return members;
  }

  int width() {
    return width;
  }

  /**
   * Appends one row: timestamp {@code timestampMillis} and the values {@code values[from .. from + width)}.
   *
   * @return {@link #APPENDED}, {@link #SKIPPED} when not newer than the last row, or {@link #DEAD}
   */
  synchronized int append(long timestampMillis, double[] values, int from, int cap, long retentionMillis) {
    Chunk chunk = startRow(timestampMillis, cap, retentionMillis);
    if (chunk == null) {
      return dead ? DEAD : SKIPPED;
    }
    System.arraycopy(values, from, chunk.values, chunk.used * width, width);
    finishRow(chunk, timestampMillis);
    return APPENDED;
  }

  /** {@link #append} of a one-column row, without an array. */
  synchronized int append(long timestampMillis, double value, int cap, long retentionMillis) {
    Chunk chunk = startRow(timestampMillis, cap, retentionMillis);
    if (chunk == null) {
      return dead ? DEAD : SKIPPED;
    }
    chunk.values[chunk.used * width] = value;
    finishRow(chunk, timestampMillis);
    return APPENDED;
  }

  /** Evicts for the new row and returns the chunk to write it into, or null when dead or not newer. */
  private Chunk startRow(long timestampMillis, int cap, long retentionMillis) {
    if (dead) {
      return null;
    }
    if (rows > 0) {
      if (timestampMillis <= lastTimestamp) {
        return null;
      }
      long cutoff = timestampMillis - retentionMillis;
      if (oldestTimestamp < cutoff) {
        evictBeforeLocked(cutoff);
      }
      while (rows >= Math.max(1, cap)) {
        dropOldest();
      }
    }
    Chunk last = chunks.peekLast();
    if (last == null || last.used == last.capacity) {
      last = newChunk(last == null ? Math.min(FIRST_CHUNK_ROWS, maxChunkRows) : Math.min(maxChunkRows, 2 * last.capacity));
      chunks.addLast(last);
    }
    return last;
  }

  private void finishRow(Chunk chunk, long timestampMillis) {
    chunk.times[chunk.used++] = timestampMillis;
    if (rows == 0) {
      oldestTimestamp = timestampMillis;
    }
    rows++;
    lastTimestamp = timestampMillis;
  }

  /** Drops rows older than {@code cutoffMillis}; returns how many points (rows times width) that was. */
  synchronized long evictBefore(long cutoffMillis) {
    return (long) evictBeforeLocked(cutoffMillis) * width;
  }

  /** Marks this block dead if it holds no rows; returns whether it is dead. */
  synchronized boolean killIfEmpty() {
    if (rows == 0) {
      dead = true;
      chunks.clear();
      spare = null;
    }
    return dead;
  }

  synchronized boolean isDead() {
    return dead;
  }

  synchronized int rows() {
    return rows;
  }

  synchronized long lastTimestamp() {
    return lastTimestamp;
  }

  /** The value of column {@code column} in the newest row; NaN when empty. */
  synchronized double lastValue(int column) {
    Chunk last = chunks.peekLast();
    return rows == 0 || last == null ? Double.NaN : last.values[(last.used - 1) * width + column];
  }

  /**
   * Copies the points of {@code column} with {@code fromMillis <= t <= toMillis}, oldest first, into {@code out}.
   */
  synchronized void read(int column, long fromMillis, long toMillis, PointSink out) {
    boolean first = true;
    for (Chunk c : chunks) {
      int from = first ? head : 0;
      first = false;
      if (from >= c.used || c.times[c.used - 1] < fromMillis) {
        continue; // the whole chunk is before the range: skip it without a scan (24 h of history is ~40 chunks)
      }
      for (int r = firstAtOrAfter(c.times, from, c.used, fromMillis); r < c.used; r++) {
        long t = c.times[r];
        if (t > toMillis) {
          return;
        }
        if (t >= fromMillis) {
          out.add(t, c.values[r * width + column]);
        }
      }
    }
  }

  /** The first index in [from, to) whose time is at least {@code millis} (rows are in time order); to if none. */
  static int firstAtOrAfter(long[] times, int from, int to, long millis) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < millis) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A copy of the live rows, oldest first: timestamps, and values row after row ({@code width} per row). */
  synchronized Rows copyRows() {
    long[] times = new long[rows];
    double[] values = new double[rows * width];
    int r = 0;
    boolean first = true;
    for (Chunk c : chunks) {
      int from = first ? head : 0;
      int n = c.used - from;
      System.arraycopy(c.times, from, times, r, n);
      System.arraycopy(c.values, from * width, values, r * width, n * width);
      r += n;
      first = false;
    }
    return new Rows(times, values);
  }

  /** Rows copied out of a block. */
  record Rows(long[] timestamps, double[] values) {}

  /** Bytes of allocated chunk arrays. */
  synchronized long allocatedBytes() {
    long total = 0;
    for (Chunk c : chunks) {
      total += 8L * c.capacity * (width + 1);
    }
    return total;
  }

  private int evictBeforeLocked(long cutoffMillis) {
    int dropped = 0;
    while (rows > 0 && oldestTimestamp < cutoffMillis) {
      dropOldest();
      dropped++;
    }
    return dropped;
  }

  private void dropOldest() {
    Chunk oldest = chunks.peekFirst();
    head++;
    rows--;
    if (head == oldest.used && (oldest.used == oldest.capacity || rows == 0)) {
      chunks.pollFirst();
      head = 0;
      if (oldest.capacity == maxChunkRows) {
        oldest.used = 0;
        spare = oldest;
      }
      if (rows == 0) {
        chunks.clear(); // an empty block starts its next chunk at the front
      }
    }
    if (rows > 0) {
      Chunk c = chunks.peekFirst();
      oldestTimestamp = c.times[head];
    }
  }

  private Chunk newChunk(int capacity) {
    if (spare != null && spare.capacity == capacity) {
      Chunk c = spare;
      spare = null;
      return c;
    }
    return new Chunk(capacity, width);
  }

  /** Receives points in time order. */
  interface PointSink {
    void add(long timestampMillis, double value);
  }

  private static final class Chunk {
    final int capacity;
    final long[] times;
    final double[] values;
    int used;

    Chunk(int capacity, int width) {
      this.capacity = capacity;
      this.times = new long[capacity];
      this.values = new double[capacity * width];
    }
  }
}
