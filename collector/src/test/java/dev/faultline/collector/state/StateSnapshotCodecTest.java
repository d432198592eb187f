package dev.faultline.collector.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.WalDictionary;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.proto.v1.EdgeSide;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.PeerKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateSnapshotCodecTest {

  private static final AgentInfo JVM = new AgentInfo("a1", "checkout", "checkout-1", "web-1", 7, "jvm", "17", "0.1", 0);
  private static final AgentInfo PROBE = new AgentInfo("p1", "", "", "web-1", 8, "host_probe", "17", "0.1", 0);

  private static SeriesStore store() {
    return new SeriesStore(3_600_000, 1L << 30, 1000, () -> 5000);
  }

  @Test
  void roundTripKeepsSeriesPointsReportersAndSequences() throws IOException {
    SeriesStore store = store();
    SeriesRef heap = new SeriesRef(SeriesKey.of("jvm_heap_used_bytes", Map.of("pool", "eden \"x\""), "checkout",
        "checkout-1", "web-1"), "gauge", "bytes");
    SeriesRef load = new SeriesRef(SeriesKey.of("host_load1", Map.of(), "", "", "web-1"), "gauge", "");
    SeriesRef[] group = {heap, load};
    for (int t = 1; t <= 20; t++) { // a recurring group: stored in a shared block after the first batch
      store.append(new DecodedBatch(JVM, t, 0, 2, group, new long[] {1000L * t, 1000L * t},
          new double[] {t, -t}, List.of(), List.of(), List.of()));
    }
    store.append(new DecodedBatch(PROBE, 1, 0, 1, new SeriesRef[] {load}, new long[] {20_500}, new double[] {Double.NaN},
        List.of(), List.of(), List.of()));
    AgentLedger ledger = new AgentLedger();
    ledger.restore("a1", 20, 3, 4000);

    byte[] bytes = StateSnapshotCodec.encode(ledger, store);
    SeriesStore restored = store();
    AgentLedger restoredLedger = new AgentLedger();
    assertEquals(41, StateSnapshotCodec.restore(bytes, restoredLedger, restored));

    assertEquals(2, restored.seriesCount());
    for (MemorySeries s : store.list(k -> true)) {
      MemorySeries r = restored.get(s.key().id());
      assertEquals(s.type(), r.type());
      assertEquals(s.unit(), r.unit());
      assertArrayEquals(s.read(0, Long.MAX_VALUE).timestamps(), r.read(0, Long.MAX_VALUE).timestamps());
      assertArrayEquals(s.read(0, Long.MAX_VALUE).values(), r.read(0, Long.MAX_VALUE).values());
    }
    assertEquals(20, restoredLedger.lastSequence("a1"));
    assertEquals(3, restoredLedger.sessions().get(0).droppedBatches());
    assertEquals(store.registry().services(), restored.registry().services());
    assertEquals(store.registry().hosts(), restored.registry().hosts());
    assertEquals(0, restored.samplesStored()); // restored points are not counted as ingested
  }

  @Test
  void roundTripKeepsTheCallGraphWithItsReceiveTimes() throws IOException {
    EdgeTable edges = new EdgeTable(600_000, 100);
    edges.record(List.of(edge("frontend", "checkout", EdgeSide.EDGE_SIDE_CALLER, PeerKind.PEER_KIND_SERVICE, 1000, 50, 2),
        edge("frontend", "checkout", EdgeSide.EDGE_SIDE_CALLER, PeerKind.PEER_KIND_SERVICE, 11_000, 40, 4),
        edge("checkout", "orders-db", EdgeSide.EDGE_SIDE_CALLEE, PeerKind.PEER_KIND_DATABASE, 11_000, 7, 0)), 20_000);
    edges.record(List.of(edge("checkout", "payments", EdgeSide.EDGE_SIDE_CALLER, PeerKind.PEER_KIND_EXTERNAL, 30_000,
        3, 1)), 40_000);

    byte[] bytes = StateSnapshotCodec.encode(new AgentLedger(), store(), new WalDictionary(), edges);
    EdgeTable restored = new EdgeTable(600_000, 100);
    StateSnapshotCodec.restore(bytes, new AgentLedger(), store(), new WalDictionary(), restored);

    assertEquals(edges.saved(), restored.saved()); // records: every field, NaN rates included, and the side
    assertEquals(4.0, restored.edges().get(0).callsPerSecond(), 1e-12);
    assertTrue(Double.isNaN(restored.edges().get(1).callsPerSecond()));
    // the next caller-side report yields a rate against the restored one's data time
    restored.record(List.of(edge("frontend", "checkout", EdgeSide.EDGE_SIDE_CALLER, PeerKind.PEER_KIND_SERVICE,
        21_000, 10, 0)), 50_000);
    assertEquals(1.0, restored.edges().get(0).callsPerSecond(), 1e-12);
    // receive times are kept: the TTL ages restored edges out as if there had been no restart
    assertTrue(restored.expire(620_001));
    assertEquals(List.of("checkout->payments", "frontend->checkout"),
        restored.edges().stream().map(e -> e.caller() + "->" + e.callee()).sorted().toList());
  }

  @Test
  void versionTwoSnapshotsAreStillReadWithoutEdges() throws IOException {
    SeriesStore store = store();
    store.append(new DecodedBatch(JVM, 1, 0, 1, new SeriesRef[] {new SeriesRef(SeriesKey.of("up", Map.of(),
        "checkout", "checkout-1", "web-1"), "gauge", "")}, new long[] {1000}, new double[] {1}, List.of(), List.of(),
        List.of()));
    byte[] v3 = StateSnapshotCodec.encode(new AgentLedger(), store);
    assertEquals(0, v3[v3.length - 1]); // the empty edge section: one varint 0, the only difference to version 2
    byte[] v2 = java.util.Arrays.copyOf(v3, v3.length - 1);
    v2[4] = 2;
    EdgeTable edges = new EdgeTable(600_000, 100);
    assertEquals(1, StateSnapshotCodec.restore(v2, new AgentLedger(), store(), new WalDictionary(), edges));
    assertTrue(edges.edges().isEmpty());
  }

  private static EdgeStats edge(String caller, String callee, EdgeSide side, PeerKind kind, long time, long calls,
      long errors) {
    return EdgeStats.newBuilder().setCaller(caller).setCallee(callee).setSide(side).setCalleeKind(kind)
        .setTimestampUnixMs(time).setCalls(calls).setErrors(errors).build();
  }

  @Test
  void unknownVersionIsAClearError() {
    byte[] bytes = StateSnapshotCodec.encode(new AgentLedger(), store());
    bytes[4] = 9; // the version varint follows the 4-byte magic
    IOException e = assertThrows(IOException.class,
        () -> StateSnapshotCodec.restore(bytes, new AgentLedger(), store()));
    assertTrue(e.getMessage().contains("version 9") && e.getMessage().contains("newer release"), e.getMessage());
  }

  @Test
  void truncatedSnapshotIsAnErrorNotAPartialRestore() {
    byte[] bytes = StateSnapshotCodec.encode(new AgentLedger(), store());
    IOException e = assertThrows(IOException.class,
        () -> StateSnapshotCodec.restore(java.util.Arrays.copyOf(bytes, 3), new AgentLedger(), store()));
    assertTrue(e.getMessage().length() > 0);
  }
}
