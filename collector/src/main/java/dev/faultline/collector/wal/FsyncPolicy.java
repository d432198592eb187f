package dev.faultline.collector.wal;

import java.time.Duration;
import java.util.Objects;

/**
 * When the WAL calls {@code fsync}, and therefore when appends are reported durable.
 *
 * <pre>{@code
 * FsyncPolicy.everyAppend()                      // default: fsync as soon as anything is pending
 * FsyncPolicy.groupCommit(Duration.ofMillis(5))  // at most one fsync per 5 ms; acks wait for it
 * FsyncPolicy.never()                            // benchmarks only: acks after write(), a power cut loses them
 * }</pre>
 *
 * <p>With {@link #everyAppend()} concurrent appenders still share fsyncs: while one fsync runs, the next appends
 * queue up and the following fsync covers all of them. {@link #groupCommit} adds a minimum spacing, trading ack
 * latency for fewer fsyncs on disks where each one is slow.
 */
public final class FsyncPolicy {

  /** How durability is reached. */
  public enum Kind { EVERY_APPEND, GROUP_COMMIT, NEVER }

  private static final FsyncPolicy EVERY_APPEND = new FsyncPolicy(Kind.EVERY_APPEND, 0);
  private static final FsyncPolicy NEVER = new FsyncPolicy(Kind.NEVER, 0);

  private final Kind kind;
  private final long intervalNanos;

  private FsyncPolicy(Kind kind, long intervalNanos) {
    this.kind = kind;
    this.intervalNanos = intervalNanos;
  }

  /** Acknowledge after an fsync that covers the record; fsyncs run back to back while appends arrive. */
  public static FsyncPolicy everyAppend() {
    return EVERY_APPEND;
  }

  /** Acknowledge after an fsync that covers the record; fsyncs start at most once per {@code interval}. */
  public static FsyncPolicy groupCommit(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    return new FsyncPolicy(Kind.GROUP_COMMIT, interval.toNanos());
  }

  /**
   * Acknowledge as soon as the record is written to the OS; never fsync except on segment roll and close. Survives a
   * process crash, not a power cut. For benchmarks and tests; never a production default.
   */
  public static FsyncPolicy never() {
    return NEVER;
  }

  public Kind kind() {
    return kind;
  }

  /** Minimum spacing between fsyncs in nanoseconds; 0 unless {@link Kind#GROUP_COMMIT}. */
  public long intervalNanos() {
    return intervalNanos;
  }

  @Override
  public String toString() {
    return kind == Kind.GROUP_COMMIT ? "group-commit(" + Duration.ofNanos(intervalNanos).toMillis() + " ms)"
        : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
