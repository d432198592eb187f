package dev.faultline.collector.cluster.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.live.AnalysisTimings;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.store.SeriesStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The analyzer topology without a broker: the single node's detectors find the scenario's fault; a partition that
 * moves (a new processor over the restored points store) neither storms nor loses or doubles the open anomaly.
 */
@Timeout(60)
class AnalyzerTopologyTest {

  private static final long START = 1_790_000_000_000L;
  private final ExecutorService training = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    training.shutdownNow();
  }

  @Test
  void findsTheFaultAndPublishesAnomaliesAndTopology() {
    SeriesStore queryStore = new SeriesStore(Long.MAX_VALUE / 4, 1L << 28, 10_000, System::currentTimeMillis);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analyzer-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    try (TopologyTestDriver driver = new TopologyTestDriver(AnalyzerTopology.build("b", "a", "t",
        LiveConfig.defaults(), training, queryStore, 720, 300_000, Long.MAX_VALUE / 4, new AnalysisTimings()),
        props)) {
      TestInputTopic<String, byte[]> in = driver.createInputTopic("b", Serdes.String().serializer(),
          Serdes.ByteArray().serializer());
      for (int from = 0; from < ScenarioBatches.POINTS; from += 30) {
        int to = Math.min(ScenarioBatches.POINTS, from + 30);
        for (String s : List.of("frontend", "checkout", "payments")) {
          in.pipeInput(s, ScenarioBatches.envelope(s, START, from, to));
        }
      }
      List<AnomalyMessage> anomalies = anomalies(driver.createOutputTopic("a", Serdes.String().deserializer(),
          Serdes.ByteArray().deserializer()));
      assertEquals(1, anomalies.size(), anomalies.toString());
      AnomalyMessage a = anomalies.get(0);
      assertEquals("payments", a.service());
      assertEquals("latency_p99_seconds", a.metric());
      assertTrue(a.open());
      assertTrue(a.startMillis() >= START + ScenarioBatches.JUMP_AT * ScenarioBatches.STEP, a.toString());

      TestOutputTopic<String, byte[]> topology = driver.createOutputTopic("t", Serdes.String().deserializer(),
          Serdes.ByteArray().deserializer());
      List<String> edges = new ArrayList<>();
      List<String> instances = new ArrayList<>();
      for (KeyValue<String, byte[]> kv : topology.readKeyValuesToList()) {
        if (TopologyRecords.isEdge(kv.key)) {
          var e = TopologyRecords.edge(kv.value);
          edges.add(e.getCaller() + "->" + e.getCallee());
        } else if (TopologyRecords.isInstance(kv.key)) {
          instances.add(TopologyRecords.instance(kv.value).instance());
        }
      }
      assertTrue(edges.contains("frontend->checkout") && edges.contains("checkout->payments"), edges.toString());
      assertEquals(List.of("frontend-1", "checkout-1", "payments-1"), instances);

      KeyValueStore<String, byte[]> points = driver.getKeyValueStore(AnalyzerTopology.POINTS_STORE);
      assertEquals(ScenarioBatches.POINTS, window(points, a.series(), 720).size());
      assertEquals(ScenarioBatches.POINTS, queryStore.list(k -> k.service().equals("payments")).get(0).summary()
          .points());
    }
  }

  /**
   * The partition moves while payments' anomaly is open: the new owner rebuilds its detectors from the points store
   * and re-reports that anomaly once, under the same id; re-delivered batches (after the last commit) are applied
   * once; steady data after the move raises nothing (no warm-up storm: cold detectors would need 128 points).
   */
  @Test
  void aMovedPartitionKeepsItsDetectorsAndItsOpenAnomaly() {
    KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
        AnalyzerTopology.POINTS_STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    MockProcessorContext<String, byte[]> first = context(store);
    AnalyzerProcessor owner = processor();
    owner.init(first);
    int moveAt = ScenarioBatches.JUMP_AT + 5;
    for (int from = 0; from < moveAt; from += 25) {
      process(owner, "payments", from, Math.min(moveAt, from + 25));
    }
    List<AnomalyMessage> before = anomalies(first);
    assertEquals(1, before.size(), before.toString());

    // the new owner: the same store content (restored from the changelog), a fresh processor
    MockProcessorContext<String, byte[]> second = context(store);
    AnalyzerProcessor next = processor();
    next.init(second);
    // a window of 300 points: restored from its last chunks, between 7/8 and all of it
    assertTrue(next.warmedPoints() >= 262 && next.warmedPoints() <= 300, "warmed " + next.warmedPoints());
    process(next, "payments", moveAt - 10, ScenarioBatches.POINTS); // 10 points re-delivered, then new ones
    List<AnomalyMessage> after = anomalies(second);
    assertEquals(1, after.size(), "re-reported once: " + after);
    assertEquals(before.get(0).id(), after.get(0).id());
    assertEquals(before.get(0).startMillis(), after.get(0).startMillis());
    assertTrue(after.get(0).open());
    SeriesWindow w = window(store, before.get(0).series(), 300);
    assertEquals(ScenarioBatches.POINTS, w.total());
    assertEquals(START + (ScenarioBatches.POINTS - 1) * ScenarioBatches.STEP, w.lastTimestamp());
    assertTrue(w.size() >= 262, "kept " + w.size());
    long records = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        records++;
      }
    }
    assertTrue(records <= 1 + 300 / SeriesWindow.CHUNK + 2, "old chunks deleted: " + records + " records");
  }

  /** The window of {@code seriesId} as a new owner restores it from the store. */
  private static SeriesWindow window(KeyValueStore<String, byte[]> store, String seriesId, int capacity) {
    java.util.SortedMap<Long, byte[]> chunks = new java.util.TreeMap<>();
    try (var it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (SeriesWindow.seriesId(kv.key).equals(seriesId) && SeriesWindow.chunkNumber(kv.key) >= 0) {
          chunks.put(SeriesWindow.chunkNumber(kv.key), kv.value);
        }
      }
    }
    return SeriesWindow.restore(store.get(SeriesWindow.metaKey(seriesId)), chunks, capacity);
  }

  private static MockProcessorContext<String, byte[]> context(KeyValueStore<String, byte[]> store) {
    MockProcessorContext<String, byte[]> ctx = new MockProcessorContext<>();
    store.init(ctx.getStateStoreContext(), store);
    ctx.addStateStore(store);
    KeyValueStore<String, byte[]> checkpoints = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
        AnalyzerTopology.CHECKPOINTS_STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    checkpoints.init(ctx.getStateStoreContext(), checkpoints);
    ctx.addStateStore(checkpoints);
    return ctx;
  }

  private AnalyzerProcessor processor() {
    SeriesStore queryStore = new SeriesStore(Long.MAX_VALUE / 4, 1L << 28, 10_000, System::currentTimeMillis);
    return new AnalyzerProcessor(LiveConfig.defaults(), training, queryStore, 300, 300_000, Long.MAX_VALUE / 4,
        new AnalysisTimings());
  }

  private static void process(AnalyzerProcessor p, String service, int from, int to) {
    p.process(new Record<>(service, ScenarioBatches.envelope(service, START, from, to), System.currentTimeMillis()));
  }

  /** The anomalies a processor under test forwarded to the anomaly sink (also used by the checkpoint tests). */
  static List<AnomalyMessage> anomalies(MockProcessorContext<String, byte[]> ctx) {
    List<AnomalyMessage> out = new ArrayList<>();
    for (MockProcessorContext.CapturedForward<? extends String, ? extends byte[]> f : ctx.forwarded()) {
      if (AnalyzerTopology.ANOMALY_SINK.equals(f.childName().orElse(null))) {
        out.add(ClusterJson.read(f.record().value(), AnomalyMessage.class));
      }
    }
    return out;
  }

  private static List<AnomalyMessage> anomalies(TestOutputTopic<String, byte[]> topic) {
    List<AnomalyMessage> out = new ArrayList<>();
    topic.readValuesToList().forEach(v -> out.add(ClusterJson.read(v, AnomalyMessage.class)));
    return out;
  }
}
