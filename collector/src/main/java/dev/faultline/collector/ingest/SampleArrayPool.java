package dev.faultline.collector.ingest;

/**
 * Timestamps and values arrays of logged batches, handed back once the batch is applied, for the next batches parsed
 * on the same event loop. One pool per ingest thread ({@link #ofThisThread}): a connection's batches are parsed and
 * applied on its own event loop, so the pool is never shared between threads and an idle connection holds nothing.
 *
 * <p>Why: with the write-ahead log a batch's arrays stay alive from receipt until applied after its fsync, so the
 * parser cannot reuse them at once as it does in memory; fresh arrays (~16 bytes per sample) were most of the WAL
 * path's allocation, and, as they survive young collections while in flight, of its GC work. Bounded: at most
 * {@link #CAPACITY} pairs per thread are kept, the rest is left to the GC.
 */
final class SampleArrayPool {

  static final int CAPACITY = 64;

  private static final ThreadLocal<SampleArrayPool> POOLS = ThreadLocal.withInitial(SampleArrayPool::new);

  private final long[][] timestamps = new long[CAPACITY][];
  private final double[][] values = new double[CAPACITY][];
  private int size;
  private long[] takenTimestamps;
  private double[] takenValues;

  /** The calling thread's pool. */
  static SampleArrayPool ofThisThread() {
    return POOLS.get();
  }

  /**
   * Takes a pair of arrays of at least {@code capacity} elements (readable afterwards with {@link #takenTimestamps}
   * and {@link #takenValues}).
   *
   * @return false when the pool holds none that large (the caller allocates)
   */
  boolean take(int capacity) {
    for (int i = size - 1; i >= 0; i--) {
      if (values[i].length >= capacity && timestamps[i].length >= capacity) {
        takenTimestamps = timestamps[i];
        takenValues = values[i];
        size--;
        timestamps[i] = timestamps[size];
        values[i] = values[size];
        timestamps[size] = null;
        values[size] = null;
        return true;
      }
    }
    return false;
  }

  long[] takenTimestamps() {
    return takenTimestamps;
  }

  double[] takenValues() {
    return takenValues;
  }

  /** Hands back arrays nothing else refers to any more; dropped when the pool is full. */
  void give(long[] timestampArray, double[] valueArray) {
    takenTimestamps = null;
    takenValues = null;
    if (size < CAPACITY && timestampArray.length > 0 && valueArray.length > 0) {
      timestamps[size] = timestampArray;
      values[size] = valueArray;
      size++;
    }
  }

  /** Pairs held now. */
  int size() {
    return size;
  }
}
