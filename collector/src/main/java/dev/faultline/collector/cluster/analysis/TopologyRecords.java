package dev.faultline.collector.cluster.analysis;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.proto.v1.EdgeStats;

/**
 * The records of the compacted topology topic: the latest report of each call edge ({@code edge}, the agent's
 * {@link EdgeStats} protobuf), each instance seen ({@code instance}, JSON) and each analyzer's query address
 * ({@code analyzer}, JSON, for the gateways' series queries), keyed so that compaction keeps one record per edge,
 * instance and analyzer.
 */
final class TopologyRecords {

  static final String EDGE = "edge";
  static final String INSTANCE = "instance";
  static final String ANALYZER = "analyzer";
  private static final char SEP = '\u0000';

  /** An analyzer's query port, announced at its start and withdrawn (a tombstone) when it stops cleanly. */
  record Analyzer(String node, String host, int port) {}

  /** An instance as the topology shows it. */
  record Instance(String service, String instance, String host, long lastSeenMillis) {}

  private TopologyRecords() {}

  static String edgeKey(EdgeStats e) {
    return EDGE + SEP + e.getCaller() + SEP + e.getCallee();
  }

  static String instanceKey(AgentInfo agent) {
    return INSTANCE + SEP + agent.service() + SEP + agent.instance() + SEP + agent.host();
  }

  static byte[] instanceValue(AgentInfo agent, long nowMillis) {
    return ClusterJson.write(new Instance(agent.service(), agent.instance(), agent.host(), nowMillis));
  }

  static String analyzerKey(String nodeId) {
    return ANALYZER + SEP + nodeId;
  }

  static byte[] analyzerValue(String node, String host, int port) {
    return ClusterJson.write(new Analyzer(node, host, port));
  }

  static boolean isAnalyzer(String key) {
    return key.startsWith(ANALYZER + SEP);
  }

  static Analyzer analyzer(byte[] value) {
    return ClusterJson.read(value, Analyzer.class);
  }

  static boolean isEdge(String key) {
    return key.startsWith(EDGE + SEP);
  }

  static boolean isInstance(String key) {
    return key.startsWith(INSTANCE + SEP);
  }

  /** @throws IllegalArgumentException for bytes that are not an edge report */
  static EdgeStats edge(byte[] value) {
    try {
      return EdgeStats.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("damaged edge record: " + e.getMessage(), e);
    }
  }

  static Instance instance(byte[] value) {
    return ClusterJson.read(value, Instance.class);
  }
}
