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
 * batches (key: service) --> analyzer [faultline-points,       --> anomalies (key: anomaly id)
 *                                       faultline-checkpoints, --> topology  (key: edge / instance)
 *                                       both changelog-backed]
 * </pre>
 *
 * Both stores are in-memory stores backed by their changelog topics ({@code <application.id>-faultline-points-
 * changelog} and {@code ...-faultline-checkpoints-changelog}, compacted): no local disk state to manage, and a task
 * that moves restores them from the changelogs. Their writes go through the Streams record cache ({@code
 * statestore.cache.max.bytes}), flushed at each commit.
 */
public final class AnalyzerTopology {

  public static final String POINTS_STORE = "faultline-points";
  /** Each series' detector checkpoint ({@link DetectorCheckpoints}), key = series id. */
  public static final String CHECKPOINTS_STORE = "faultline-checkpoints";
  static final String SOURCE = "batches";
  static final String PROCESSOR = "analyzer";
  static final String ANOMALY_SINK = "anomalies";
  static final String TOPOLOGY_SINK = "topology";

  private AnalyzerTopology() {}

  /**
   * @param queryStore receives every applied sample (the node's series queries)
   * @param windowPoints points kept per series in the changelog-backed store
   * @param checkpointMillis how often each series' detector state is checkpointed into {@link #CHECKPOINTS_STORE}
   * @param idleMillis a series silent this long leaves the store
   */
  public static Topology build(String batchesTopic, String anomaliesTopic, String topologyTopic, LiveConfig config,
      Executor training, SeriesStore queryStore, int windowPoints, long checkpointMillis, long idleMillis,
      AnalysisTimings timings) {
    Topology t = new Topology();
    t.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), batchesTopic);
    t.addProcessor(PROCESSOR, () -> new AnalyzerProcessor(config, training, queryStore, windowPoints,
        checkpointMillis, idleMillis, timings), SOURCE);
    // Cached: a chunk rewritten by several batches within one commit interval reaches the changelog once, at the
    // commit (whose producer flush the stream thread waits for). Without the cache every batch's chunk is a
    // changelog record.
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(POINTS_STORE), Serdes.String(),
        Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
    // The same for the detector checkpoints: each series' key is rewritten once per checkpoint interval.
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CHECKPOINTS_STORE), Serdes.String(),
        Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
    t.addSink(ANOMALY_SINK, anomaliesTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
    t.addSink(TOPOLOGY_SINK, topologyTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
    return t;
  }
}
