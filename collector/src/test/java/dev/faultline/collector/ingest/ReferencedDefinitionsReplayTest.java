package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.state.StateSnapshotCodec;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.wal.AppendCallback;
import dev.faultline.collector.wal.Wal;
import dev.faultline.collector.wal.WalOptions;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch records refer to series definitions by key, with the definitions written once per segment and carried by
 * snapshots: replay must rebuild exactly the batches that were logged, whatever retention deleted and wherever a
 * crash cut the log.
 */
@Timeout(60)
class ReferencedDefinitionsReplayTest {

  @TempDir Path dir;

  @Test
  void recordsAfterASnapshotReplayWithDefinitionsOnlyTheSnapshotStillHolds() throws Exception {
    WalOptions options = options(64 << 10, 16 << 10);
    Agent agent = new Agent("a1", 50);
    List<DecodedBatch> after = new ArrayList<>();
    long snapshotLsn;
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      int seq = 1;
      while (segmentCount() < 3) { // several segments, each defining the 50 series once
        agent.append(durable, seq++);
      }
      for (int i = 0; i < 20; i++) {
        agent.append(durable, seq++);
      }
      snapshotLsn = durable.snapshotLsn();
      wal.writeSnapshot(snapshotLsn, StateSnapshotCodec.encode(new AgentLedger(), store(), durable.dictionary()));
      for (int i = 0; i < 10; i++) {
        after.add(agent.append(durable, seq++));
      }
      assertEquals(1, segmentCount(), "retention deleted the segments the snapshot covers");
      long definitionsAfterSnapshot = countDefinitionRecords(wal, snapshotLsn);
      assertEquals(0, definitionsAfterSnapshot, "the records after the snapshot use definitions logged before it");
    }

    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      List<DecodedBatch> replayed = new ArrayList<>();
      durable.replay(new AgentLedger(), replayed::add, state -> {
        StateSnapshotCodec.restore(state, new AgentLedger(), store(), durable.dictionary(), null);
        return "";
      });
      assertBatchesEqual(after, replayed);
    }

    // Control: without the snapshot's dictionary those records could not be read at all.
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      List<DecodedBatch> replayed = new ArrayList<>();
      durable.replay(new AgentLedger(), replayed::add, state -> "dictionary ignored");
      assertEquals(0, replayed.size());
    }
  }

  @Test
  void crashRightAfterADefinitionRecordReplaysWhatWasWholeAndKeepsKeysUnique() throws Exception {
    WalOptions options = options(1 << 20, 64 << 10);
    Agent first = new Agent("a1", 3);
    Agent second = new Agent("a2", 4);
    DecodedBatch one;
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      one = first.append(durable, 1);
      long lsn = second.append(durable, 1, true); // a definitions record for a2's series, then its batch
      long recordStart = lsn - baseOf(onlySegment());
      try (FileChannel ch = FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
        ch.truncate(recordStart + 20); // torn: the batch record is cut, its definitions record is whole
      }
    }
    List<DecodedBatch> replayed = new ArrayList<>();
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      durable.replay(new AgentLedger(), replayed::add);
      assertBatchesEqual(List.of(one), replayed);
      assertEquals(7, durable.dictionary().size(), "the cut batch's definitions were durable");
      // after the restart the agents resend; a third agent brings a new series, whose key must not collide
      Agent third = new Agent("a3", 1);
      List<DecodedBatch> expected = new ArrayList<>(List.of(one));
      expected.add(second.append(durable, 1));
      expected.add(first.append(durable, 2));
      expected.add(third.append(durable, 1));
      assertEquals(8, durable.dictionary().size());
      replayed.clear();
      wal.close();
      try (Wal reopened = Wal.open(options)) {
        new DurableLog(reopened).replay(new AgentLedger(), replayed::add);
      }
      assertBatchesEqual(expected, replayed);
    }
  }

  @Test
  void manySeriesAcrossSegmentsAndSplitDefinitionRecordsReplayExactly() throws Exception {
    WalOptions options = options(2 << 20, 256 << 10); // 20,000 definitions (~1 MB) need several records
    List<Agent> agents = List.of(new Agent("a1", 20_000), new Agent("a2", 20_000), new Agent("a3", 5_000));
    List<DecodedBatch> expected = new ArrayList<>();
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      for (int seq = 1; seq <= 4; seq++) {
        for (Agent a : agents) {
          expected.add(a.append(durable, seq));
        }
      }
      assertEquals(45_000, durable.dictionary().size());
      assertTrue(segmentCount() >= 2, "the log rolled, so later segments define the series again");
    }
    List<DecodedBatch> replayed = new ArrayList<>();
    try (Wal wal = Wal.open(options)) {
      DurableLog durable = new DurableLog(wal);
      durable.replay(new AgentLedger(), replayed::add);
    }
    assertBatchesEqual(expected, replayed);
    // the store recognises an agent's recurring series group by the identity of the refs array
    assertSame(replayed.get(0).series(), replayed.get(3).series());
  }

  private WalOptions options(int segmentBytes, int maxRecordBytes) {
    return WalOptions.builder(dir).segmentBytes(segmentBytes).maxRecordBytes(maxRecordBytes).minFreeBytes(0)
        .build();
  }

  private static SeriesStore store() {
    return new SeriesStore(3_600_000, 1L << 30, 1000, System::currentTimeMillis);
  }

  private long segmentCount() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".wal")).count();
    }
  }

  private Path onlySegment() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> segments = files.filter(p -> p.toString().endsWith(".wal")).toList();
      assertEquals(1, segments.size());
      return segments.get(0);
    }
  }

  /** A segment's base LSN, from its name. */
  private static long baseOf(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - ".wal".length()));
  }

  private static long countDefinitionRecords(Wal wal, long fromLsn) throws Exception {
    long[] count = new long[1];
    wal.replay(fromLsn, (lsn, bytes) -> count[0] += WalDictionary.isDefinitionsRecord(bytes) ? 1 : 0);
    return count[0];
  }

  private static void assertBatchesEqual(List<DecodedBatch> expected, List<DecodedBatch> actual) {
    assertEquals(expected.size(), actual.size(), "batches replayed");
    for (int b = 0; b < expected.size(); b++) {
      DecodedBatch e = expected.get(b);
      DecodedBatch a = actual.get(b);
      assertEquals(e.agent(), a.agent());
      assertEquals(e.sequence(), a.sequence());
      assertEquals(e.sampleCount(), a.sampleCount());
      assertArrayEquals(e.timestamps(), a.timestamps());
      assertArrayEquals(e.values(), a.values());
      for (int i = 0; i < e.sampleCount(); i++) {
        SeriesRef x = e.series()[i];
        SeriesRef y = a.series()[i];
        if (!x.key().id().equals(y.key().id()) || !x.type().equals(y.type()) || !x.unit().equals(y.unit())) {
          assertEquals(x.key().id() + " " + x.type() + " " + x.unit(), y.key().id() + " " + y.type() + " "
              + y.unit(), "batch " + b + " sample " + i);
        }
      }
    }
  }

  /** One agent connection: its series, its encoder, batches of one sample per series. */
  private static final class Agent {
    final AgentInfo info;
    final SeriesRef[] refs;
    final int[] ids;
    BatchCodec.Encoder encoder;
    DurableLog encoderLog;

    Agent(String id, int series) {
      info = new AgentInfo(id, "svc-" + id, id + "-1", "host-" + id, 1, "jvm", "17", "0.1", 0);
      refs = new SeriesRef[series];
      ids = new int[series];
      for (int i = 0; i < series; i++) {
        refs[i] = new SeriesRef(SeriesKey.of("metric_" + (i % 7), Map.of("n", Integer.toString(i)), info.service(),
            info.instance(), info.host()), i % 2 == 0 ? "gauge" : "counter", i % 3 == 0 ? "bytes" : "");
        ids[i] = i;
      }
    }

    DecodedBatch append(DurableLog durable, long seq) throws Exception {
      DecodedBatch batch = batch(seq);
      append(durable, batch);
      return batch;
    }

    /** Appends batch {@code seq} and returns its LSN. */
    long append(DurableLog durable, long seq, boolean returnLsn) throws Exception {
      return append(durable, batch(seq));
    }

    private DecodedBatch batch(long seq) {
      int n = refs.length;
      long[] timestamps = new long[n];
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        timestamps[i] = 1_000_000L * seq + (i % 3);
        values[i] = seq * 1000.0 + i + (i % 5 == 0 ? 0.25 : 0);
      }
      return new DecodedBatch(info, seq, 0, n, refs, timestamps, values, List.of(), List.of(), List.of());
    }

    private long append(DurableLog durable, DecodedBatch batch) throws Exception {
      if (encoderLog != durable) {
        encoder = new BatchCodec.Encoder(durable.dictionary()); // a new connection after a restart
        encoderLog = durable;
      }
      CompletableFuture<Long> done = new CompletableFuture<>();
      long lsn = durable.append(batch, encoder.encode(batch, ids, 5), AppendCallback.of(done::complete,
          done::completeExceptionally));
      done.get(10, TimeUnit.SECONDS);
      durable.applied(lsn);
      return lsn;
    }
  }

  @Test
  void keysOfDistinctDefinitionsDiffer() {
    WalDictionary dictionary = new WalDictionary();
    Agent a = new Agent("a1", 3);
    int k0 = dictionary.keyOf(a.refs[0]);
    assertEquals(k0, dictionary.keyOf(new SeriesRef(a.refs[0].key(), a.refs[0].type(), a.refs[0].unit())));
    assertNotEquals(k0, dictionary.keyOf(a.refs[1]));
  }
}
