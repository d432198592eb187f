package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.state.Snapshotter;
import dev.faultline.collector.state.StateSnapshotCodec;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.wal.AppendCallback;
import dev.faultline.collector.wal.Wal;
import dev.faultline.collector.wal.WalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot prunes the WAL dictionary to the series still in the store or defined in the active segment: the
 * dictionary (and every later snapshot) stops growing with series that are gone, and a pruned series that comes
 * back gets a fresh key whose definition the log holds, so it replays like any other.
 */
@Timeout(60)
class WalDictionaryPruningTest {

  private static final long HOUR = 3_600_000;
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void seriesGoneFromStoreAndLiveLogArePrunedAndReturnWithFreshKeysThatReplay() throws Exception {
    WalOptions options = WalOptions.builder(dir).segmentBytes(64 << 10).maxRecordBytes(16 << 10).minFreeBytes(0)
        .build();
    AtomicLong now = new AtomicLong(T0);
    Agent gone = new Agent("a1", 20);
    Agent staying = new Agent("a2", 30);
    List<DecodedBatch> afterSnapshot = new ArrayList<>();
    long snapshotLsn;
    int[] oldKeys;
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      SeriesStore store = store(now);
      for (int seq = 1; seq <= 3; seq++) {
        store.append(gone.append(durable, seq, T0));
      }
      oldKeys = gone.keys(durable.dictionary());
      long segments = segmentCount();
      now.set(T0 + 2 * HOUR);
      int seq = 1;
      while (segmentCount() < segments + 2) { // the gone agent's series are no longer defined in the active segment
        store.append(staying.append(durable, seq++, T0 + 2 * HOUR));
      }
      store.evictExpired(now.get());
      assertEquals(30, store.seriesCount(), "the first agent's series expired from the store");
      assertEquals(50, durable.dictionary().size());

      Snapshotter snapshots = new Snapshotter(durable, new AgentLedger(), store, null);
      assertTrue(snapshots.snapshot());
      snapshotLsn = wal.latestSnapshot().orElseThrow().nextLsn();
      assertEquals(30, durable.dictionary().size(), "only the live series keep their definitions");
      for (int i = 0; i < gone.refs.length; i++) {
        assertEquals(-1, durable.dictionary().keyIfPresent(gone.refs[i]), "pruned: series " + i);
      }

      // the pruned series come back on the same connection (its encoder cached the old keys)
      afterSnapshot.add(gone.append(durable, 4, T0 + 2 * HOUR));
      afterSnapshot.add(staying.append(durable, seq, T0 + 2 * HOUR));
      int[] freshKeys = gone.keys(durable.dictionary());
      int highestOld = java.util.Arrays.stream(oldKeys).max().orElseThrow();
      for (int key : freshKeys) {
        assertTrue(key > highestOld, "fresh key " + key + ", old keys up to " + highestOld);
      }
      assertEquals(20, countDefinitions(wal, snapshotLsn), "the fresh keys were defined in the log");
    }

    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      List<DecodedBatch> replayed = new ArrayList<>();
      SeriesStore restored = store(new AtomicLong(T0 + 2 * HOUR));
      durable.replay(new AgentLedger(), replayed::add, state -> {
        StateSnapshotCodec.restore(state, new AgentLedger(), restored, durable.dictionary(), null);
        return "";
      });
      assertEquals(30, restored.seriesCount());
      assertEquals(afterSnapshot.size(), replayed.size());
      for (int b = 0; b < replayed.size(); b++) {
        DecodedBatch e = afterSnapshot.get(b);
        DecodedBatch a = replayed.get(b);
        assertEquals(e.agent(), a.agent());
        assertArrayEquals(e.values(), a.values());
        assertArrayEquals(e.timestamps(), a.timestamps());
        for (int i = 0; i < e.sampleCount(); i++) {
          assertEquals(e.series()[i].key().id(), a.series()[i].key().id(), "batch " + b + " sample " + i);
        }
      }
    }
  }

  @Test
  void aRecordEncodedJustBeforeAPruneStillGetsItsDefinitionsWritten() throws Exception {
    WalOptions options = WalOptions.builder(dir).minFreeBytes(0).build();
    Agent agent = new Agent("a1", 10);
    DecodedBatch batch = agent.batch(1, T0);
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      BatchCodec.Encoded record = agent.encoder(durable).encode(batch, agent.ids, 5);
      assertEquals(10, durable.dictionary().retainOnly(new BitSet()));
      CompletableFuture<Long> done = new CompletableFuture<>();
      durable.append(batch, record, AppendCallback.of(done::complete, done::completeExceptionally));
      done.get(10, TimeUnit.SECONDS);
    }
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      List<DecodedBatch> replayed = new ArrayList<>();
      durable.replay(new AgentLedger(), replayed::add);
      assertEquals(1, replayed.size());
      assertEquals(batch.series()[9].key().id(), replayed.get(0).series()[9].key().id());
    }
  }

  private static SeriesStore store(AtomicLong now) {
    return new SeriesStore(HOUR, 1L << 30, 1000, now::get);
  }

  private long segmentCount() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".wal")).count();
    }
  }

  private static long countDefinitions(Wal wal, long fromLsn) throws Exception {
    long[] count = new long[1];
    WalDictionary reader = new WalDictionary();
    wal.replay(fromLsn, (lsn, bytes) -> {
      if (WalDictionary.isDefinitionsRecord(bytes)) {
        count[0] += reader.readRecord(bytes, key -> { });
      }
    });
    return count[0];
  }

  /** One agent connection: its series, its encoder, batches of one sample per series at one timestamp. */
  private static final class Agent {
    final AgentInfo info;
    final SeriesRef[] refs;
    final int[] ids;
    private BatchCodec.Encoder encoder;
    private DurableLog encoderLog;

    Agent(String id, int series) {
      info = new AgentInfo(id, "svc-" + id, id + "-1", "host-" + id, 1, "jvm", "17", "0.1", 0);
      refs = new SeriesRef[series];
      ids = new int[series];
      for (int i = 0; i < series; i++) {
        refs[i] = new SeriesRef(SeriesKey.of("metric", Map.of("n", Integer.toString(i)), info.service(),
            info.instance(), info.host()), "gauge", "");
        ids[i] = i;
      }
    }

    DecodedBatch batch(long seq, long timestamp) {
      long[] timestamps = new long[refs.length];
      double[] values = new double[refs.length];
      for (int i = 0; i < refs.length; i++) {
        timestamps[i] = timestamp + seq;
        values[i] = seq * 10 + i + 0.5;
      }
      return new DecodedBatch(info, seq, 0, refs.length, refs, timestamps, values, List.of(), List.of(), List.of());
    }

    BatchCodec.Encoder encoder(DurableLog durable) {
      if (encoderLog != durable) {
        encoder = new BatchCodec.Encoder(durable.dictionary());
        encoderLog = durable;
      }
      return encoder;
    }

    DecodedBatch append(DurableLog durable, long seq, long timestamp) throws Exception {
      DecodedBatch batch = batch(seq, timestamp);
      CompletableFuture<Long> done = new CompletableFuture<>();
      long lsn = durable.append(batch, encoder(durable).encode(batch, ids, 5),
          AppendCallback.of(done::complete, done::completeExceptionally));
      done.get(10, TimeUnit.SECONDS);
      durable.applied(lsn);
      return batch;
    }

    int[] keys(WalDictionary dictionary) {
      int[] keys = new int[refs.length];
      for (int i = 0; i < refs.length; i++) {
        keys[i] = dictionary.keyIfPresent(refs[i]);
        assertTrue(keys[i] >= 0, "series " + i + " has a key");
      }
      return keys;
    }
  }
}
