package dev.faultline.collector.wal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link Wal}. Build with {@link #builder(Path)}; every setting but the directory has a
 * default, shown on its builder method.
 *
 * <pre>{@code
 * WalOptions options = WalOptions.builder(Path.of("/var/lib/faultline/wal"))
 *     .fsyncPolicy(FsyncPolicy.groupCommit(Duration.ofMillis(5)))
 *     .retentionMaxBytes(20L << 30)
 *     .build();
 * }</pre>
 */
public final class WalOptions {

  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;
  public static final Duration DEFAULT_RETENTION_MAX_AGE = Duration.ofDays(7);
  public static final long DEFAULT_RETENTION_MAX_BYTES = 10L << 30;
  public static final long DEFAULT_MIN_FREE_BYTES = 256L << 20;
  public static final Duration DEFAULT_DISK_CHECK_INTERVAL = Duration.ofSeconds(1);
  public static final long DEFAULT_WRITE_QUEUE_BYTES = 32L << 20;
  public static final Duration DEFAULT_WRITE_QUEUE_WAIT = Duration.ofSeconds(10);

  /** What replay does when it finds damage in the middle of the log (a bad record with intact segments after). */
  public enum CorruptionPolicy {
    /** Stop: replay throws {@link WalCorruptionException} naming file, offset and bytes affected. The default. */
    FAIL,
    /**
     * Skip the rest of the damaged segment, log one SEVERE line naming file, offset and bytes lost, count it in
     * {@link ReplaySummary#skippedBytes()}, and continue with the next segment.
     */
    SKIP_DAMAGED
  }

  private final Path directory;
  private final long segmentBytes;
  private final int maxRecordBytes;
  private final FsyncPolicy fsyncPolicy;
  private final Duration retentionMaxAge;
  private final long retentionMaxBytes;
  private final boolean deleteSegmentsCoveredBySnapshot;
  private final long minFreeBytes;
  private final Duration diskCheckInterval;
  private final CorruptionPolicy corruptionPolicy;
  private final FreeSpaceProbe freeSpaceProbe;
  private final ChannelFactory channelFactory;
  private final Clock clock;
  private final long writeQueueBytes;
  private final Duration writeQueueWait;

  private WalOptions(Builder b) {
    directory = b.directory;
    segmentBytes = b.segmentBytes;
    maxRecordBytes = b.maxRecordBytes;
    fsyncPolicy = b.fsyncPolicy;
    retentionMaxAge = b.retentionMaxAge;
    retentionMaxBytes = b.retentionMaxBytes;
    deleteSegmentsCoveredBySnapshot = b.deleteSegmentsCoveredBySnapshot;
    minFreeBytes = b.minFreeBytes;
    diskCheckInterval = b.diskCheckInterval;
    corruptionPolicy = b.corruptionPolicy;
    freeSpaceProbe = b.freeSpaceProbe;
    channelFactory = b.channelFactory;
    clock = b.clock;
    writeQueueBytes = b.writeQueueBytes;
    writeQueueWait = b.writeQueueWait;
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  public Path directory() {
    return directory;
  }

  public long segmentBytes() {
    return segmentBytes;
  }

  /** Bytes of framed records handed to the writer thread and not yet written, at most (back-pressure). */
  public long writeQueueBytes() {
    return writeQueueBytes;
  }

  /** How long an append waits for room in a full write queue before it is refused. */
  public Duration writeQueueWait() {
    return writeQueueWait;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public FsyncPolicy fsyncPolicy() {
    return fsyncPolicy;
  }

  public Duration retentionMaxAge() {
    return retentionMaxAge;
  }

  public long retentionMaxBytes() {
    return retentionMaxBytes;
  }

  public boolean deleteSegmentsCoveredBySnapshot() {
    return deleteSegmentsCoveredBySnapshot;
  }

  public long minFreeBytes() {
    return minFreeBytes;
  }

  public Duration diskCheckInterval() {
    return diskCheckInterval;
  }

  public CorruptionPolicy corruptionPolicy() {
    return corruptionPolicy;
  }

  public FreeSpaceProbe freeSpaceProbe() {
    return freeSpaceProbe;
  }

  public ChannelFactory channelFactory() {
    return channelFactory;
  }

  public Clock clock() {
    return clock;
  }

  /** Builder for {@link WalOptions}; not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private long segmentBytes = DEFAULT_SEGMENT_BYTES;
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private FsyncPolicy fsyncPolicy = FsyncPolicy.everyAppend();
    private Duration retentionMaxAge = DEFAULT_RETENTION_MAX_AGE;
    private long retentionMaxBytes = DEFAULT_RETENTION_MAX_BYTES;
    private boolean deleteSegmentsCoveredBySnapshot = true;
    private long minFreeBytes = DEFAULT_MIN_FREE_BYTES;
    private Duration diskCheckInterval = DEFAULT_DISK_CHECK_INTERVAL;
    private CorruptionPolicy corruptionPolicy = CorruptionPolicy.FAIL;
    private long writeQueueBytes = DEFAULT_WRITE_QUEUE_BYTES;
    private Duration writeQueueWait = DEFAULT_WRITE_QUEUE_WAIT;
    private FreeSpaceProbe freeSpaceProbe = FreeSpaceProbe.fileStore();
    private ChannelFactory channelFactory = ChannelFactory.standard();
    private Clock clock = Clock.systemUTC();

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** Size at which the active segment is closed and a new one started. Default 64 MiB; 4 KiB .. 1 GiB. */
    public Builder segmentBytes(long segmentBytes) {
      if (segmentBytes < 4096 || segmentBytes > (1L << 30)) {
        throw new IllegalArgumentException("segmentBytes must be in [4096, 1 GiB], got " + segmentBytes);
      }
      this.segmentBytes = segmentBytes;
      return this;
    }

    /** Largest record accepted (and believed during replay). Default 16 MiB. */
    public Builder maxRecordBytes(int maxRecordBytes) {
      if (maxRecordBytes < 1) {
        throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
      }
      this.maxRecordBytes = maxRecordBytes;
      return this;
    }

    /** Default {@link FsyncPolicy#everyAppend()}: nothing is acknowledged before an fsync covers it. */
    public Builder fsyncPolicy(FsyncPolicy fsyncPolicy) {
      this.fsyncPolicy = Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
      return this;
    }

    /** Closed segments whose last write is older than this are deleted. Default 7 days. */
    public Builder retentionMaxAge(Duration retentionMaxAge) {
      Objects.requireNonNull(retentionMaxAge, "retentionMaxAge");
      if (retentionMaxAge.isNegative() || retentionMaxAge.isZero()) {
        throw new IllegalArgumentException("retentionMaxAge must be positive, got " + retentionMaxAge);
      }
      this.retentionMaxAge = retentionMaxAge;
      return this;
    }

    /**
     * Oldest closed segments are deleted while all segments together exceed this. Default 10 GiB. Checked on every
     * segment roll, so the log can exceed it by up to one segment while the active one fills.
     */
    public Builder retentionMaxBytes(long retentionMaxBytes) {
      if (retentionMaxBytes < 1) {
        throw new IllegalArgumentException("retentionMaxBytes must be positive, got " + retentionMaxBytes);
      }
      this.retentionMaxBytes = retentionMaxBytes;
      return this;
    }

    /** Whether closed segments whose records are all covered by the newest snapshot are deleted. Default true. */
    public Builder deleteSegmentsCoveredBySnapshot(boolean delete) {
      this.deleteSegmentsCoveredBySnapshot = delete;
      return this;
    }

    /** Below this many usable bytes the WAL refuses appends. Default 256 MiB; 0 disables the check. */
    public Builder minFreeBytes(long minFreeBytes) {
      if (minFreeBytes < 0) {
        throw new IllegalArgumentException("minFreeBytes must not be negative, got " + minFreeBytes);
      }
      this.minFreeBytes = minFreeBytes;
      return this;
    }

    /** How often appends probe free space (also probed on every segment roll). Default 1 s; zero = every append. */
    public Builder diskCheckInterval(Duration diskCheckInterval) {
      Objects.requireNonNull(diskCheckInterval, "diskCheckInterval");
      if (diskCheckInterval.isNegative()) {
        throw new IllegalArgumentException("diskCheckInterval must not be negative, got " + diskCheckInterval);
      }
      this.diskCheckInterval = diskCheckInterval;
      return this;
    }

    /** Default {@link CorruptionPolicy#FAIL}. */
    public Builder corruptionPolicy(CorruptionPolicy corruptionPolicy) {
      this.corruptionPolicy = Objects.requireNonNull(corruptionPolicy, "corruptionPolicy");
      return this;
    }

    /** Default {@link FreeSpaceProbe#fileStore()}. */
    public Builder freeSpaceProbe(FreeSpaceProbe freeSpaceProbe) {
      this.freeSpaceProbe = Objects.requireNonNull(freeSpaceProbe, "freeSpaceProbe");
      return this;
    }

    /** Default {@link ChannelFactory#standard()}. */
    public Builder channelFactory(ChannelFactory channelFactory) {
      this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
      return this;
    }

    /** Wall clock for segment ages and disk-check spacing. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Back-pressure between the appending threads and the WAL's writer thread: appends wait while this many bytes of
     * records are queued and not yet written (a single larger record is still taken when the queue is empty).
     * Default 32 MiB.
     */
    public Builder writeQueueBytes(long writeQueueBytes) {
      if (writeQueueBytes < 1) {
        throw new IllegalArgumentException("writeQueueBytes must be positive, got " + writeQueueBytes);
      }
      this.writeQueueBytes = writeQueueBytes;
      return this;
    }

    /**
     * How long an append waits for room in a full write queue; then it is refused with {@link
     * WalUnavailableException} (the agent keeps the batch and retries), never dropped. Default 10 s: long enough
     * that a writer starved of CPU for a moment delays the ingest (as a lock would) rather than turning agents away.
     */
    public Builder writeQueueWait(Duration writeQueueWait) {
      Objects.requireNonNull(writeQueueWait, "writeQueueWait");
      if (writeQueueWait.isNegative()) {
        throw new IllegalArgumentException("writeQueueWait must not be negative, got " + writeQueueWait);
      }
      this.writeQueueWait = writeQueueWait;
      return this;
    }

    public WalOptions build() {
      if (maxRecordBytes > segmentBytes - SegmentHeader.BYTES - RecordFormat.HEADER_BYTES) {
        throw new IllegalArgumentException("maxRecordBytes " + maxRecordBytes + " does not fit in a segment of "
            + segmentBytes + " bytes; raise segmentBytes or lower maxRecordBytes");
      }
      return new WalOptions(this);
    }
  }
}
