package dev.faultline.collector.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.store.SeriesStore;
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
  void unknownVersionIsAClearError() {
    byte[] bytes = StateSnapshotCodec.encode(new AgentLedger(), store());
    bytes[4] = 9; // the version varint follows the 4-byte magic
    IOException e = assertThrows(IOException.class,
        () -> StateSnapshotCodec.restore(bytes, new AgentLedger(), store()));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }

  @Test
  void truncatedSnapshotIsAnErrorNotAPartialRestore() {
    byte[] bytes = StateSnapshotCodec.encode(new AgentLedger(), store());
    IOException e = assertThrows(IOException.class,
        () -> StateSnapshotCodec.restore(java.util.Arrays.copyOf(bytes, 3), new AgentLedger(), store()));
    assertTrue(e.getMessage().length() > 0);
  }
}
