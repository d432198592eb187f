package dev.faultline.collector.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The collector's write-ahead log: segmented files of checksummed records, appended before a batch is acknowledged
 * and replayed on start to rebuild state.
 *
 * <pre>{@code
 * try (Wal wal = Wal.open(WalOptions.builder(dir).build())) {
 *   Optional<WalSnapshot> snap = wal.latestSnapshot();           // restore state from snap, if any
 *   wal.replay(snap.map(WalSnapshot::nextLsn).orElse(0L), (lsn, bytes) -> apply(bytes));
 *   wal.append(ByteBuffer.wrap(record), callback);              // callback.onDurable(lsn) -> send the ack
 * }
 * }</pre>
 *
 * <p>An LSN (log sequence number) is a record's byte position in the whole log: strictly increasing, never reused,
 * and a gap between two records' LSNs says nothing about lost data. Thread-safe: any number of threads may append;
 * replay and snapshots may run concurrently with appends but see only records appended before they started.
 * Call {@link #replay} before the first append on start, and do not run two replays at once with retention
 * deleting segments underneath them.
 */
public final class Wal implements Closeable {

  private static final Logger log = Logger.getLogger(Wal.class.getName());

  private final WalOptions options;
  private final SnapshotStore snapshots;
  private final FsyncStats fsyncStats = new FsyncStats();
  private final WalWriter writer;
  private final Object retentionLock = new Object();

  private Wal(WalOptions options, SnapshotStore snapshots, ActiveSegment active) {
    this.options = options;
    this.snapshots = snapshots;
    this.writer = new WalWriter(options, active, fsyncStats, this::enforceRetentionQuietly);
  }

  /** Hands the latency in nanoseconds of every later fsync to {@code observer} (the {@code /metrics} histogram). */
  public void fsyncObserver(java.util.function.LongConsumer observer) {
    fsyncStats.observer(java.util.Objects.requireNonNull(observer, "observer"));
  }

  /**
   * Opens (or creates) the WAL in {@code options.directory()}: validates every segment header and cuts a torn tail
   * off the last segment, logging one line if it does.
   *
   * @throws WalFormatException if a segment was written in another format version or is not a WAL file
   * @throws WalCorruptionException if the last segment is damaged with intact records after the damage and the
   *     policy is {@link WalOptions.CorruptionPolicy#FAIL}
   */
  public static Wal open(WalOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Files.createDirectories(options.directory());
    SnapshotStore snapshots = new SnapshotStore(options.directory());
    ActiveSegment active = TailRecovery.open(options, Math.max(0, snapshots.newestNextLsn()));
    Wal wal = new Wal(options, snapshots, active);
    wal.enforceRetentionQuietly();
    return wal;
  }

  /**
   * Appends one record and calls {@code callback} once it is durable (per the {@link FsyncPolicy}) or has failed.
   * The record's bytes from position to limit are copied (framed, into the queue of the WAL's writer thread) before
   * this returns; the buffer is not modified and may be reused right away. This never blocks on file I/O; it waits
   * only while the writer's queue is full ({@link WalOptions#writeQueueBytes()}), at most {@link
   * WalOptions#writeQueueWait()}. A write that fails later fails the callback.
   *
   * @return the record's LSN
   * @throws WalUnavailableException at once if the WAL is refusing appends (disk full, failed write) or closed, or
   *     its write queue stayed full; the record is then not in the log
   * @throws IllegalArgumentException if the record is larger than {@link WalOptions#maxRecordBytes()}
   */
  public long append(ByteBuffer record, AppendCallback callback) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(callback, "callback");
    return writer.append(record, callback);
  }

  /**
   * As {@link #append(ByteBuffer, AppendCallback)}, for a record that refers to definitions by key: the keys of
   * {@code definitions} the active segment does not hold yet are first appended as definition records (records of
   * their own, each with its own LSN, durable together with this one), so that every segment holds the definitions
   * its records use. On replay they come before the record, in LSN order, like any record.
   *
   * @throws IllegalArgumentException if the record, or a single key's definition, exceeds {@link
   *     WalOptions#maxRecordBytes()}
   */
  public long append(ByteBuffer record, RecordDefinitions definitions, AppendCallback callback) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(definitions, "definitions");
    Objects.requireNonNull(callback, "callback");
    return writer.append(record, definitions, callback);
  }

  /**
   * Appends one record; the future completes with its LSN once it is durable, or exceptionally with {@link
   * WalUnavailableException} if the fsync failed. Costs one future per record on top of {@link #append(ByteBuffer,
   * AppendCallback)}.
   *
   * @throws WalUnavailableException at once if the WAL is refusing appends or closed
   */
  public CompletableFuture<Long> append(ByteBuffer record) {
    CompletableFuture<Long> future = new CompletableFuture<>();
    append(record, new AppendCallback() {
      @Override
      public void onDurable(long lsn) {
        future.complete(lsn);
      }

      @Override
      public void onFailure(long lsn, WalUnavailableException error) {
        future.completeExceptionally(error);
      }
    });
    return future;
  }

  /** {@link #append(ByteBuffer)} of a byte array. */
  public CompletableFuture<Long> append(byte[] record) {
    return append(ByteBuffer.wrap(record));
  }

  /**
   * Hands every record with an LSN of at least {@code fromLsn}, in order, to {@code handler}, up to the end of the log
   * as it was when the call started. Damage in the middle of the log is handled per {@link
   * WalOptions#corruptionPolicy()}.
   *
   * @param fromLsn 0 for everything, or a snapshot's {@link WalSnapshot#nextLsn()}
   * @throws WalCorruptionException on damage under {@link WalOptions.CorruptionPolicy#FAIL}
   * @throws WalFormatException if a segment is in an unknown format
   * @throws IOException if reading fails or the handler throws it
   */
  public ReplaySummary replay(long fromLsn, RecordHandler handler) throws IOException {
    Objects.requireNonNull(handler, "handler");
    // Records appended before this call may still be queued for the writer thread: wait until they are in the file.
    long end = writer.awaitWritten(writer.endLsn(), 30_000);
    ReplaySummary summary = new Replayer(options).replay(fromLsn, end, handler);
    log.info("WAL replay from LSN " + fromLsn + ": " + summary.records() + " records, " + summary.recordBytes()
        + " bytes in " + summary.elapsedNanos() / 1_000_000 + " ms");
    return summary;
  }

  /** {@link #writeSnapshot(long, SnapshotBody)} of a state already in memory. */
  public long writeSnapshot(long nextLsn, byte[] state) throws IOException {
    Objects.requireNonNull(state, "state");
    return writeSnapshot(nextLsn, out -> out.write(state));
  }

  /**
   * Saves caller state atomically, streamed by {@code body} into the snapshot file, and, if enabled, deletes closed
   * segments it fully covers.
   *
   * @param nextLsn the first LSN whose record is NOT reflected in the state: the last applied record's LSN + 1,
   *     or {@link #endLsn()} if the state reflects every append so far
   * @return the state's size in bytes
   */
  public long writeSnapshot(long nextLsn, SnapshotBody body) throws IOException {
    Objects.requireNonNull(body, "body");
    if (nextLsn < 0 || nextLsn > writer.endLsn()) {
      throw new IllegalArgumentException("nextLsn " + nextLsn + " is outside [0, " + writer.endLsn() + "]");
    }
    long length = snapshots.write(nextLsn, body);
    enforceRetention();
    return length;
  }

  /** The newest readable snapshot, if any. */
  public Optional<WalSnapshot> latestSnapshot() throws IOException {
    return snapshots.latest();
  }

  /**
   * Deletes old closed segments per the retention settings. Runs by itself on open, on every segment roll and after
   * each snapshot; call it periodically too if age-based retention must act while no segment fills up.
   *
   * @return number of segments deleted
   */
  public int enforceRetention() throws IOException {
    synchronized (retentionLock) {
      long activeBase = writer.activeBaseLsn();
      List<Retention.SegmentInfo> closed = new ArrayList<>();
      for (SegmentFiles.Segment s : SegmentFiles.list(options.directory())) {
        if (s.baseLsn() < activeBase) {
          closed.add(new Retention.SegmentInfo(s.baseLsn(), Files.size(s.path()),
              Files.getLastModifiedTime(s.path()).toMillis()));
        }
      }
      long snapshotLsn = options.deleteSegmentsCoveredBySnapshot() ? snapshots.newestNextLsn() : -1;
      int n = Retention.segmentsToDelete(closed, writer.endLsn() - activeBase, activeBase,
          options.clock().millis(), options, snapshotLsn);
      for (int i = 0; i < n; i++) {
        Path p = SegmentFiles.pathFor(options.directory(), closed.get(i).baseLsn());
        Files.deleteIfExists(p);
        log.info("WAL retention deleted " + p + " (" + closed.get(i).bytes() + " bytes)");
      }
      return n;
    }
  }

  private void enforceRetentionQuietly() {
    try {
      enforceRetention();
    } catch (IOException e) {
      log.log(Level.WARNING, "WAL retention failed; will retry on the next segment roll", e);
    }
  }

  /**
   * The definition keys ({@link RecordDefinitions}) that a replay from {@code lsn} may take from outside the log
   * (from a snapshot's dictionary): those written in the active segment, if {@code lsn} lies in it. Null if {@code
   * lsn} lies in an older segment, where the set is not tracked: keep every definition then.
   */
  public java.util.BitSet definitionKeysNeededFrom(long lsn) {
    return writer.keysDefinedSince(lsn);
  }

  /** LSN the next record will get; every record appended so far has a smaller one. */
  public long endLsn() {
    return writer.endLsn();
  }

  /** Whether appends are accepted. */
  public WalState state() {
    return writer.state();
  }

  /** Counters and gauges for the query port and {@code /metrics}; lists the directory, so not for hot paths. */
  public WalStats stats() {
    int segments = 0;
    long diskBytes = 0;
    try {
      for (SegmentFiles.Segment s : SegmentFiles.list(options.directory())) {
        segments++;
        diskBytes += Files.size(s.path());
      }
    } catch (IOException e) {
      log.log(Level.FINE, "cannot list WAL directory for stats", e);
    }
    return new WalStats(writer.state(), writer.refusingReason(), writer.bytesWritten(), writer.recordsWritten(),
        writer.appendsRefused(), segments, diskBytes, writer.endLsn(), writer.durableLsn(), fsyncStats.count(),
        fsyncStats.meanMicros(), fsyncStats.maxMicros(), fsyncStats.lastMicros(), fsyncStats.lastEpochMillis());
  }

  /**
   * Waits for pending appends to become durable (their callbacks run), fsyncs and closes. Idempotent; later appends
   * fail with {@link WalUnavailableException}. Call it from the shutdown hook after the ingest stopped accepting.
   */
  @Override
  public void close() throws IOException {
    writer.close();
  }
}
