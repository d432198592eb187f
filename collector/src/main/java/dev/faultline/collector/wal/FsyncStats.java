package dev.faultline.collector.wal;

/**
 * Count, mean, max and last latency of fsync calls, plus the wall time of the last one. Written by the flusher and
 * by segment rolls; synchronized because an fsync costs far more than an uncontended monitor.
 */
final class FsyncStats {

  private long count;
  private long totalNanos;
  private long maxNanos;
  private long lastNanos;
  private long lastEpochMillis;
  private volatile java.util.function.LongConsumer observer = nanos -> { };

  /** Also hands every latency to {@code observer} (a {@code /metrics} histogram), outside this monitor. */
  void observer(java.util.function.LongConsumer observer) {
    this.observer = observer;
  }

  void record(long nanos, long epochMillis) {
    recordStats(nanos, epochMillis);
    observer.accept(nanos);
  }

  private synchronized void recordStats(long nanos, long epochMillis) {
    count++;
    totalNanos += nanos;
    maxNanos = Math.max(maxNanos, nanos);
    lastNanos = nanos;
    lastEpochMillis = epochMillis;
  }

  synchronized long count() {
    return count;
  }

  synchronized long meanMicros() {
    return count == 0 ? 0 : totalNanos / count / 1000;
  }

  synchronized long maxMicros() {
    return maxNanos / 1000;
  }

  synchronized long lastMicros() {
    return lastNanos / 1000;
  }

  synchronized long lastEpochMillis() {
    return lastEpochMillis;
  }
}
