package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.state.StateSnapshotCodec;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.wal.AppendCallback;
import dev.faultline.collector.wal.Wal;
import dev.faultline.collector.wal.WalOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant a snapshot rests on, with several connections whose records are durable but applied at different
 * paces (each connection applies its own in LSN order, the connections interleave): {@link DurableLog#snapshotLsn}
 * never passes a record some connection has not applied, so a crash right after the snapshot loses nothing and
 * doubles nothing once the log after it is replayed. A per-connection bookkeeping of unapplied LSNs (as tried on
 * branch wal6) must keep this; BENCHMARKS.md "Durability: ..." has the whole argument.
 */
@Timeout(60)
class SnapshotAcrossConnectionsTest {

  @TempDir Path dir;

  @Test
  void snapshotWhileConnectionsHoldUnappliedRecordsLosesAndDoublesNothingAfterACrash() throws Exception {
    WalOptions options = WalOptions.builder(dir).build();
    Connection a = new Connection("a");
    Connection b = new Connection("b");
    Connection c = new Connection("c");
    SeriesStore store = store();
    AgentLedger ledger = new AgentLedger();
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      for (int seq = 1; seq <= 10; seq++) { // interleaved appends, all durable, none applied yet
        for (Connection conn : List.of(a, b, c)) {
          conn.append(durable, seq);
        }
      }
      b.applyAll(durable, ledger, store); // b runs ahead: its records after a's and c's oldest are applied
      c.apply(durable, ledger, store, 4);
      a.apply(durable, ledger, store, 2);
      assertEquals(a.oldestUnapplied(), durable.snapshotLsn(), "the oldest record not applied bounds the snapshot");
      wal.writeSnapshot(durable.snapshotLsn(), StateSnapshotCodec.encode(ledger, store, durable.dictionary()));
      a.apply(durable, ledger, store, 3); // applied after the snapshot: replayed, not doubled
    } // a crash: what a and c have not applied is only in the log

    SeriesStore restored = store();
    AgentLedger after = new AgentLedger();
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      durable.replay(after, restored::append, state -> {
        StateSnapshotCodec.restore(state, after, restored, durable.dictionary(), null);
        return "";
      });
    }
    for (Connection conn : List.of(a, b, c)) {
      assertEquals(10, after.lastSequence(conn.info.agentId()), conn.info.agentId());
      assertEquals(10, restored.get(conn.ref.key().id()).read(0, Long.MAX_VALUE).size(),
          conn.info.agentId() + ": one point per batch");
    }
    assertEquals(0, restored.samplesSkipped(), "nothing applied twice");
  }

  private static SeriesStore store() {
    return new SeriesStore(Long.MAX_VALUE / 4, 1L << 30, 10_000, () -> 0L);
  }

  /** One agent connection: appends in sequence order and applies in the same order, as an event loop does. */
  private static final class Connection {
    final AgentInfo info;
    final SeriesRef ref;
    final ArrayDeque<Long> lsns = new ArrayDeque<>();
    final ArrayDeque<DecodedBatch> batches = new ArrayDeque<>();
    BatchCodec.Encoder enc;

    Connection(String id) {
      info = new AgentInfo(id, "svc-" + id, id + "-1", "host", 1, "jvm", "17", "0.1", 0);
      ref = new SeriesRef(SeriesKey.of("jvm_threads_live", Map.of(), info.service(), info.instance(), info.host()),
          "gauge", "");
    }

    void append(DurableLog durable, long seq) throws Exception {
      if (enc == null) {
        enc = new BatchCodec.Encoder(durable.dictionary());
      }
      DecodedBatch batch = new DecodedBatch(info, seq, 0, 1, new SeriesRef[] {ref}, new long[] {1_000 * seq},
          new double[] {seq}, List.of(), List.of(), List.of());
      CompletableFuture<Long> durableDone = new CompletableFuture<>();
      long lsn = durable.append(batch, enc.encode(batch, new int[] {0}, 5),
          AppendCallback.of(durableDone::complete, durableDone::completeExceptionally));
      durableDone.get(10, TimeUnit.SECONDS);
      lsns.add(lsn);
      batches.add(batch);
    }

    long oldestUnapplied() {
      return lsns.peek();
    }

    /** Applies this connection's oldest {@code n} records, as its event loop would once they are durable. */
    void apply(DurableLog durable, AgentLedger ledger, SeriesStore store, int n) {
      for (int i = 0; i < n; i++) {
        DecodedBatch batch = batches.poll();
        ledger.session(info.agentId()).applyOnce(batch.sequence(), 0, 0, () -> store.append(batch));
        durable.applied(lsns.poll());
      }
    }

    void applyAll(DurableLog durable, AgentLedger ledger, SeriesStore store) {
      apply(durable, ledger, store, batches.size());
    }
  }
}
