package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.cluster.InternalHop;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.live.rca.RcaConfig;
import dev.faultline.collector.security.Security;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What an analyzer node needs: where Kafka is, the topics, its query address and data directory, and the single
 * node's detection and root-cause settings.
 *
 * @param applicationId the Kafka Streams application id: one per deployment (all analyzers share it); the global
 *     step's consumer group is {@code <applicationId>-global}
 * @param windowPoints recent points kept per series in the changelog-backed store: what the detectors of a moved
 *     partition relearn from (at least the detectors' warm-up, 128 points)
 * @param checkpointInterval how often each series' detector state is checkpointed into the changelog-backed
 *     checkpoints store (what a moved partition's detectors restore, before replaying the points after it)
 * @param retention how long the node's own series store keeps points for queries
 * @param overrides extra Kafka client and Streams settings (tests: fast rebalances)
 * @param security the query port's TLS and tokens ({@code security.query-*})
 * @param hop how this node asks the other nodes' query ports (HTTPS, the caller's or the internal token)
 */
public record AnalyzerSettings(String bootstrapServers, String applicationId, String nodeId, String batchesTopic,
    String anomaliesTopic, String incidentsTopic, String topologyTopic, Endpoint queryAddress, Path dataDir,
    LiveConfig live, RcaConfig rca, int windowPoints, Duration checkpointInterval, Duration retention,
    Map<String, Object> overrides, Security security, InternalHop hop) {

  public static final int DEFAULT_WINDOW_POINTS = 720;

  public AnalyzerSettings {
    if (windowPoints < 128) {
      throw new IllegalArgumentException("windowPoints must be >= 128 (the detectors' warm-up), was " + windowPoints);
    }
    java.util.Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    overrides = Map.copyOf(overrides);
    java.util.Objects.requireNonNull(security, "security");
    java.util.Objects.requireNonNull(hop, "hop");
  }

  /** Defaults: the standard topic names, loopback query port 9471, default detection and root-cause settings. */
  public static AnalyzerSettings of(String bootstrapServers, String nodeId, Path dataDir) {
    return new AnalyzerSettings(bootstrapServers, "faultline-analyzer", nodeId, "faultline.batches",
        "faultline.anomalies", "faultline.incidents", "faultline.topology", new Endpoint("127.0.0.1", 9471), dataDir,
        LiveConfig.defaults(), RcaConfig.defaults(), DEFAULT_WINDOW_POINTS,
        dev.faultline.collector.cluster.ClusterConfig.DEFAULT_CHECKPOINT_INTERVAL, Duration.ofHours(6), Map.of(),
        Security.none(), InternalHop.plain());
  }

  /**
   * The settings of {@code run} with {@code cluster.role: analyzer}: brokers, node id, topics and the {@code kafka:}
   * client properties of the {@code cluster:} section; query address, data directory and retention of the
   * collector's; the {@code detection:} and {@code rca:} sections; the query port's security as loaded.
   */
  public static AnalyzerSettings from(dev.faultline.collector.cluster.ClusterConfig cluster,
      dev.faultline.collector.config.CollectorConfig collector, LiveConfig live, RcaConfig rca, Security security,
      InternalHop hop) {
    var t = cluster.topics();
    return new AnalyzerSettings(cluster.bootstrapServers(), "faultline-analyzer", cluster.nodeId(), t.batches(),
        t.anomalies(), t.incidents(), t.topology(), collector.queryAddress(), collector.dataDir(), live, rca,
        DEFAULT_WINDOW_POINTS, cluster.checkpointInterval(), collector.retention(),
        Map.copyOf(cluster.clientProperties()), security, hop);
  }

  /** {@link #overrides} that are settings of a client of {@code names} (consumer, producer). */
  Map<String, Object> clientOverrides(java.util.Set<String> names) {
    Map<String, Object> out = new java.util.HashMap<>();
    overrides.forEach((k, v) -> {
      if (names.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  public AnalyzerSettings withQueryAddress(Endpoint e) {
    return new AnalyzerSettings(bootstrapServers, applicationId, nodeId, batchesTopic, anomaliesTopic,
        incidentsTopic, topologyTopic, e, dataDir, live, rca, windowPoints, checkpointInterval,
        retention, overrides, security, hop);
  }

  public AnalyzerSettings withApplicationId(String id) {
    return new AnalyzerSettings(bootstrapServers, id, nodeId, batchesTopic, anomaliesTopic, incidentsTopic,
        topologyTopic, queryAddress, dataDir, live, rca, windowPoints, checkpointInterval,
        retention, overrides, security, hop);
  }

  public AnalyzerSettings withTopics(String batches, String anomalies, String incidents, String topology) {
    return new AnalyzerSettings(bootstrapServers, applicationId, nodeId, batches, anomalies, incidents, topology,
        queryAddress, dataDir, live, rca, windowPoints, checkpointInterval, retention, overrides, security, hop);
  }

  public AnalyzerSettings withAnalysis(LiveConfig l, RcaConfig r) {
    return new AnalyzerSettings(bootstrapServers, applicationId, nodeId, batchesTopic, anomaliesTopic,
        incidentsTopic, topologyTopic, queryAddress, dataDir, l, r, windowPoints, checkpointInterval,
        retention, overrides, security, hop);
  }

  /** The query port's TLS and tokens, and how to reach the other nodes' ports. */
  public AnalyzerSettings withSecurity(Security sec, InternalHop h) {
    return new AnalyzerSettings(bootstrapServers, applicationId, nodeId, batchesTopic, anomaliesTopic,
        incidentsTopic, topologyTopic, queryAddress, dataDir, live, rca, windowPoints, checkpointInterval,
        retention, overrides, sec, h);
  }

  public AnalyzerSettings withCheckpointInterval(Duration interval) {
    return new AnalyzerSettings(bootstrapServers, applicationId, nodeId, batchesTopic, anomaliesTopic,
        incidentsTopic, topologyTopic, queryAddress, dataDir, live, rca, windowPoints, interval, retention, overrides,
        security, hop);
  }

  public AnalyzerSettings withOverrides(Map<String, Object> o) {
    return new AnalyzerSettings(bootstrapServers, applicationId, nodeId, batchesTopic, anomaliesTopic,
        incidentsTopic, topologyTopic, queryAddress, dataDir, live, rca, windowPoints, checkpointInterval,
        retention, o, security, hop);
  }
}
