package dev.faultline.collector.ingest;

import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.wal.AppendCallback;
import dev.faultline.collector.wal.IngestRecord;
import dev.faultline.collector.wal.ReplaySummary;
import dev.faultline.collector.wal.Wal;
import dev.faultline.collector.wal.WalSnapshot;
import dev.faultline.collector.wal.WalState;
import dev.faultline.collector.wal.WalStats;
import dev.faultline.collector.wal.WalUnavailableException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;

/**
 * The ingest's use of the {@link Wal}: appends each accepted batch as an {@link IngestRecord} (payload: {@link
 * BatchCodec}, series by key) before it is acknowledged, with the definitions of new keys once per segment
 * ({@link WalDictionary}), and replays the log on start into the store and the agent ledger.
 *
 * <p>Refusals (full disk, failed write or fsync) are logged once per cause: one WARNING when the WAL starts
 * refusing with a new reason, one INFO when appends are accepted again. Thread-safe.
 */
public final class DurableLog {

  private static final Logger log = Logger.getLogger(DurableLog.class.getName());

  private final Wal wal;
  private final WalDictionary dictionary = new WalDictionary();
  /** Reason last logged as refusing; null while appends are accepted. */
  private final AtomicReference<String> loggedRefusal = new AtomicReference<>();
  /** LSNs appended but not yet applied to the store (or given up): a snapshot must not claim them. */
  private final ConcurrentSkipListSet<Long> unapplied = new ConcurrentSkipListSet<>();
  /**
   * Appends hold the read side from the WAL append until their LSN is in {@link #unapplied}; {@link #snapshotLsn}
   * takes the write side, so it never sees an LSN that is in the log but not yet in the set.
   */
  private final ReadWriteLock appendGate = new ReentrantReadWriteLock();

  public DurableLog(Wal wal) {
    this.wal = wal;
  }

  public Wal wal() {
    return wal;
  }

  /** The series definitions the log's records refer to; snapshots carry it. */
  public WalDictionary dictionary() {
    return dictionary;
  }

  public WalStats stats() {
    return wal.stats();
  }

  /**
   * Appends {@code batch} (hands it to the WAL's writer thread and returns; never waits for file I/O, only for room
   * in a full write queue); {@code callback} runs on the WAL's flusher (or writer) thread once it is durable or
   * failed.
   *
   * @throws FrameRejectedException (UNAVAILABLE) at once if the WAL refuses appends or its write queue stayed full;
   *     the agent keeps the batch
   */
  long append(DecodedBatch batch, BatchCodec.Encoded record, AppendCallback callback) {
    try {
      long lsn;
      appendGate.readLock().lock();
      try {
        lsn = wal.append(record.record(), record, callback);
        unapplied.add(lsn);
      } finally {
        appendGate.readLock().unlock();
      }
      if (loggedRefusal.get() != null && loggedRefusal.getAndSet(null) != null) {
        log.info("write-ahead log accepts appends again");
      }
      return lsn;
    } catch (WalUnavailableException e) {
      refused(e);
      throw FrameRejectedException.unavailable("the collector cannot store batches durably now (" + e.getMessage()
          + "); retry later");
    } catch (IllegalArgumentException e) { // larger than the WAL's record limit: cannot ever be stored
      throw FrameRejectedException.limitExceeded("storage.wal record size", "batch " + batch.sequence()
          + " is too large for the write-ahead log: "
          + e.getMessage());
    }
  }

  /** Marks the record at {@code lsn} applied to the store, or given up (failed, or the channel is gone). */
  void applied(long lsn) {
    unapplied.remove(lsn);
  }

  /**
   * The LSN a snapshot taken now may start replay from: every record below it has been applied. Records appended
   * later, or appended but not yet applied, are at or above it and will be replayed (duplicates are skipped by
   * sequence).
   */
  public long snapshotLsn() {
    appendGate.writeLock().lock();
    try {
      long end = wal.endLsn();
      Long first = unapplied.isEmpty() ? null : unapplied.first();
      return first == null ? end : Math.min(end, first);
    } finally {
      appendGate.writeLock().unlock();
    }
  }

  /** Logs a refusal once per distinct reason. */
  void refused(WalUnavailableException e) {
    String reason = wal.state() == WalState.REFUSING ? wal.stats().refusingReason() : e.getMessage();
    if (reason == null || reason.isEmpty()) {
      reason = String.valueOf(e.getMessage());
    }
    String previous = loggedRefusal.getAndSet(reason);
    if (!reason.equals(previous)) {
      log.warning("write-ahead log refuses appends: " + reason
          + "; batches are rejected as UNAVAILABLE and agents keep them [logged once per cause]");
    }
  }

  /**
   * Rebuilds state from the log: every record's batch goes to {@code sink} once per agent sequence (in log order,
   * the highest applied sequence per agent ends up in {@code ledger}, so HelloReply.last_sequence and duplicate
   * detection survive a restart). Logs one line with records, bytes and seconds.
   *
   * @throws IOException if the log cannot be read (damage in the middle of the log, see {@link Wal})
   */
  public ReplaySummary replay(AgentLedger ledger, BatchSink sink) throws IOException {
    return replay(ledger, sink, state -> {
      throw new IOException("the write-ahead log has a snapshot, but nothing to restore it into");
    });
  }

  /**
   * Restores the newest snapshot (if any) with {@code restorer}, then replays the log after it as {@link
   * #replay(AgentLedger, BatchSink)} does.
   */
  public ReplaySummary replay(AgentLedger ledger, BatchSink sink, SnapshotRestorer restorer) throws IOException {
    Optional<WalSnapshot> snapshot = wal.latestSnapshot();
    long from = snapshot.map(WalSnapshot::nextLsn).orElse(0L);
    if (snapshot.isPresent()) {
      long restoreStarted = System.nanoTime();
      String restored;
      try (java.io.InputStream state = snapshot.get().open()) {
        restored = restorer.restore(state);
      }
      log.info(String.format(java.util.Locale.ROOT, "restored snapshot up to LSN %d (%d bytes): %s in %.2f s",
          from, snapshot.get().size(), restored, (System.nanoTime() - restoreStarted) / 1e9));
    }
    BatchCodec.Decoder decoder = new BatchCodec.Decoder(dictionary);
    long[] applied = new long[3];
    long started = System.nanoTime();
    ReplaySummary summary = wal.replay(from, (lsn, bytes) -> {
      if (WalDictionary.isDefinitionsRecord(bytes)) {
        try {
          dictionary.readRecord(bytes, decoder::forget);
          applied[2]++;
        } catch (IllegalArgumentException e) {
          applied[1]++;
          log.warning("skipping unreadable WAL definitions record at LSN " + lsn + ": " + e.getMessage());
        }
        return;
      }
      IngestRecord r;
      DecodedBatch batch;
      try {
        r = IngestRecord.decode(bytes);
        batch = decoder.decode(r.sequence(), r.payload());
      } catch (IllegalArgumentException e) {
        applied[1]++;
        log.warning("skipping unreadable WAL record at LSN " + lsn + ": " + e.getMessage());
        return;
      }
      if (ledger.session(r.agentId()).applyOnce(r.sequence(), batch.droppedBatches(), r.receivedAtMillis(),
          () -> sink.accept(batch))) {
        applied[0]++;
      }
    });
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info(String.format(java.util.Locale.ROOT,
        "replayed write-ahead log: %d records (%d batches applied, %d duplicates, %d definitions records, %d"
            + " unreadable), %d bytes in %.2f s",
        summary.records(), applied[0], summary.records() - applied[0] - applied[1] - applied[2], applied[2],
        applied[1], summary.recordBytes(), seconds));
    return summary;
  }

  /** Reads a snapshot's state (streamed from its file) and puts it back; returns a short description for the log. */
  @FunctionalInterface
  public interface SnapshotRestorer {
    String restore(java.io.InputStream state) throws IOException;
  }

  /** Flushes pending appends (their callbacks run) and closes the log. */
  public void close() throws IOException {
    wal.close();
  }
}
