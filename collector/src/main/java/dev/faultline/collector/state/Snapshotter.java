package dev.faultline.collector.state;

import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.DurableLog;
import dev.faultline.collector.ingest.WalDictionary;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.SeriesStore;
import java.io.IOException;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes state snapshots through the write-ahead log ({@code Wal.writeSnapshot}: temp file, fsync, atomic rename;
 * segments the snapshot covers are then deleted), so that a restart replays only the log written since. Called
 * periodically ({@code storage.snapshot-interval}) and once on a clean stop; one snapshot at a time.
 *
 * <pre>{@code
 * Snapshotter snapshots = new Snapshotter(durable, ledger, store, live.edges());
 * scheduler.scheduleWithFixedDelay(snapshots::snapshotQuietly, 5, 5, TimeUnit.MINUTES);
 * }</pre>
 */
public final class Snapshotter {

  private static final Logger log = Logger.getLogger(Snapshotter.class.getName());

  private final DurableLog durable;
  private final AgentLedger ledger;
  private final SeriesStore store;
  private final EdgeTable edges;
  private long lastLsn = -1;

  /** @param edges the call graph to keep across restarts; null when there is none (live analysis off) */
  public Snapshotter(DurableLog durable, AgentLedger ledger, SeriesStore store, EdgeTable edges) {
    this.durable = durable;
    this.ledger = ledger;
    this.store = store;
    this.edges = edges;
  }

  /**
   * Writes a snapshot unless nothing was logged since the last one.
   *
   * @return whether one was written
   * @throws IOException if writing it failed (the previous snapshot stays in place)
   */
  public synchronized boolean snapshot() throws IOException {
    long started = System.nanoTime();
    long nextLsn = durable.snapshotLsn(); // before the state is read: every record below it is in the state
    if (nextLsn == lastLsn) {
      return false;
    }
    int pruned = pruneDictionary(nextLsn);
    // streamed into the file: a full store's state is as large as the store, too large for a copy in the heap
    long bytes = durable.wal().writeSnapshot(nextLsn,
        out -> StateSnapshotCodec.encode(out, ledger, store, durable.dictionary(), edges));
    lastLsn = nextLsn;
    log.info(String.format(Locale.ROOT, "wrote snapshot up to LSN %d: %d series, %d bytes (%d series definitions,"
        + " %d pruned) in %.2f s", nextLsn, store.seriesCount(), bytes, durable.dictionary().size(), pruned,
        (System.nanoTime() - started) / 1e9));
    return true;
  }

  /**
   * Drops the WAL dictionary's definitions of series that are neither in the store nor defined in the log a replay
   * from {@code nextLsn} reads (the active segment), so the dictionary and the snapshots stay the size of the live
   * series instead of every series ever seen. Skipped (0) when {@code nextLsn} lies in an older segment.
   *
   * @return the number of definitions dropped
   */
  private int pruneDictionary(long nextLsn) {
    java.util.BitSet keep = durable.wal().definitionKeysNeededFrom(nextLsn);
    if (keep == null) {
      return 0;
    }
    WalDictionary dictionary = durable.dictionary();
    store.forEachSeries(series -> {
      int key = dictionary.keyIfPresent(new SeriesRef(series.key(), series.type(), series.unit()));
      if (key >= 0) {
        keep.set(key);
      }
    });
    return dictionary.retainOnly(keep);
  }

  /** {@link #snapshot()} for a scheduler: failures are logged, and the next run tries again. */
  public void snapshotQuietly() {
    try {
      snapshot();
    } catch (IOException | RuntimeException e) {
      log.log(Level.WARNING, "writing a snapshot failed (the log still holds everything; retried next time): "
          + e.getMessage());
    }
  }
}
