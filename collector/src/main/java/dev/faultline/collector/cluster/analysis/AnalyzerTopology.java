package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.live.AnalysisTimings;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.store.SeriesStore;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The analyzer's Kafka Streams topology: batches topic, then {@link AnalyzerProcessor} with its points store, then
 * the anomalies and topology topics.
 *
 * <pre>
 * batches (key: service) --> analyzer [faultline-points, changelog-backed] --> anomalies (key: anomaly id)
 *                                                                          --> topology  (key: edge / instance)
 * </pre>
 *
 * The points store is an in-memory store backed by its changelog topic ({@code <application.id>-faultline-points-
 * changelog}, compacted): no local disk state to manage, and a task that moves restores it from the changelog. Its
 * writes go through the Streams record cache ({@code statestore.cache.max.bytes}), flushed at each commit.
 */
public final class AnalyzerTopology {

  public static final String POINTS_STORE = "faultline-points";
  static final String SOURCE = "batches";
  static final String PROCESSOR = "analyzer";
  static final String ANOMALY_SINK = "anomalies";
  static final String TOPOLOGY_SINK = "topology";

  private AnalyzerTopology() {}

  /**
   * @param queryStore receives every applied sample (the node's series queries)
   * @param windowPoints points kept per series in the changelog-backed store
   * @param idleMillis a series silent this long leaves the store
   */
  public static Topology build(String batchesTopic, String anomaliesTopic, String topologyTopic, LiveConfig config,
      Executor training, SeriesStore queryStore, int windowPoints, long idleMillis, AnalysisTimings timings) {
    Topology t = new Topology();
    t.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), batchesTopic);
    t.addProcessor(PROCESSOR, () -> new AnalyzerProcessor(config, training, queryStore, windowPoints, idleMillis,
        timings),
        SOURCE);
    // Cached: a chunk rewritten by several batches within one commit interval reaches the changelog once, at the
    // commit (whose producer flush the stream thread waits for). Without the cache every batch's chunk is a
    // changelog record.
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(POINTS_STORE), Serdes.String(),
        Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
    t.addSink(ANOMALY_SINK, anomaliesTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
    t.addSink(TOPOLOGY_SINK, topologyTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
    return t;
  }
}
