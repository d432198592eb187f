package dev.faultline.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.cluster.ClusterConfig.Role;
import dev.faultline.collector.config.ConfigException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void noSectionIsTheSingleNode() {
    ClusterConfig c = ClusterConfig.fromMap(null);
    assertTrue(c.isSingle());
    assertEquals("cluster: single", c.toString());
    assertEquals(List.of("faultline.batches", "faultline.anomalies", "faultline.incidents", "faultline.topology"),
        c.topics().all());
  }

  @Test
  void gatewaySectionIsBound() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", "gateway");
    m.put("bootstrap-servers", "kafka-1:9092, kafka-2:9092");
    m.put("node-id", "gw-1");
    m.put("topics", Map.of("batches", "fl.batches"));
    m.put("partitions", 24);
    m.put("replication-factor", 3);
    m.put("create-topics", false);
    m.put("publish-timeout", "5s");
    m.put("checkpoint-interval", "30s");
    m.put("kafka", Map.of("security.protocol", "SSL", "ssl.keystore.password", "s3cret"));
    ClusterConfig c = ClusterConfig.fromMap(m);
    assertEquals(Set.of(Role.GATEWAY), c.roles());
    assertFalse(c.isSingle());
    assertEquals("gw-1", c.nodeId());
    assertEquals("fl.batches", c.topics().batches());
    assertEquals("faultline.topology", c.topics().topology());
    assertEquals(24, c.partitions());
    assertEquals(Optional.of((short) 3), c.replicationFactor());
    assertFalse(c.createTopics());
    assertEquals(Duration.ofSeconds(5), c.publishTimeout());
    assertEquals(Duration.ofSeconds(30), c.checkpointInterval());
    assertEquals(Duration.ofMinutes(30), ClusterConfig.single().checkpointInterval());
    assertEquals("SSL", KafkaClients.common(c, "x").getProperty("security.protocol"));
    assertFalse(c.toString().contains("s3cret"), "client properties may hold secrets: " + c);
  }

  @Test
  void internalHopKeysAndAnomaliesRetentionAreBound() {
    Map<String, Object> m = Map.of("role", "analyzer", "bootstrap-servers", "k:9092", "anomalies-retention", "7d",
        "internal-token", Map.of("token-env", "FAULTLINE_CLUSTER_TOKEN"), "query-ca-file", "/etc/faultline/ca.crt");
    ClusterConfig c = ClusterConfig.fromMap(m);
    assertEquals(Duration.ofDays(7), c.anomaliesRetention());
    assertEquals("FAULTLINE_CLUSTER_TOKEN", c.internalToken().env());
    assertEquals(java.nio.file.Path.of("/etc/faultline/ca.crt"), c.queryCaFile());
    assertTrue(c.toString().contains("internal-token from environment variable FAULTLINE_CLUSTER_TOKEN"), c.toString());
    assertEquals(ClusterConfig.DEFAULT_ANOMALIES_RETENTION,
        ClusterConfig.fromMap(Map.of("role", "analyzer", "bootstrap-servers", "k:9092")).anomaliesRetention());
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.fromMap(Map.of("role", "analyzer",
        "bootstrap-servers", "k:9092", "anomalies-retention", "10m")));
    assertTrue(e.getMessage().startsWith("cluster.anomalies-retention"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ClusterConfig.fromMap(Map.of("role", "analyzer",
        "bootstrap-servers", "k:9092", "internal-token", "abc")));
    assertTrue(e.getMessage().startsWith("cluster.internal-token"), e.getMessage());
  }

  @Test
  void bothRolesOnOneNodeAsTextOrList() {
    Map<String, Object> text = Map.of("role", "gateway,analyzer", "bootstrap-servers", "k:9092");
    Map<String, Object> list = Map.of("role", List.of("analyzer", "gateway"), "bootstrap-servers", "k:9092");
    assertEquals(Set.of(Role.GATEWAY, Role.ANALYZER), ClusterConfig.fromMap(text).roles());
    assertEquals(Set.of(Role.GATEWAY, Role.ANALYZER), ClusterConfig.fromMap(list).roles());
  }

  @Test
  void gatewayProducerIsIdempotentWithAcksAllWhateverTheKafkaSectionSays() {
    ClusterConfig c = ClusterConfig.fromMap(Map.of("role", "gateway", "bootstrap-servers", "k:9092",
        "kafka", Map.of("acks", "1", "enable.idempotence", "false", "linger.ms", "20")));
    var p = KafkaClients.gatewayProducer(c);
    assertEquals("all", p.get("acks"));
    assertEquals(true, p.get("enable.idempotence"));
    assertEquals("20", p.get("linger.ms"));
  }

  @Test
  void badValuesNameTheKey() {
    assertKey("cluster.role", Map.of("role", "leader"));
    assertKey("cluster.role", Map.of("role", "single,gateway", "bootstrap-servers", "k:1"));
    assertKey("cluster.bootstrap-servers", Map.of("role", "gateway"));
    assertKey("cluster.bootstrap-servers", Map.of("role", "gateway", "bootstrap-servers", "kafka-1"));
    assertKey("cluster.partitions", Map.of("partitions", 0));
    assertKey("cluster.partitions", Map.of("partitions", "many"));
    assertKey("cluster.replication-factor", Map.of("replication-factor", 0));
    assertKey("cluster.create-topics", Map.of("create-topics", "maybe"));
    assertKey("cluster.publish-timeout", Map.of("publish-timeout", "soon"));
    assertKey("cluster.publish-timeout", Map.of("publish-timeout", "1h"));
    assertKey("cluster.checkpoint-interval", Map.of("checkpoint-interval", "often"));
    assertKey("cluster.checkpoint-interval", Map.of("checkpoint-interval", "500ms"));
    assertKey("cluster.checkpoint-interval", Map.of("checkpoint-interval", "2h"));
    assertKey("cluster.node-id", Map.of("node-id", "gw 1"));
    assertKey("cluster.topics.batches", Map.of("topics", Map.of("batches", "has space")));
    assertKey("cluster.topics.anomaly", Map.of("topics", Map.of("anomaly", "x")));
    assertKey("cluster.topics", Map.of("topics", Map.of("batches", "same", "anomalies", "same")));
    assertKey("cluster.brokers", Map.of("brokers", "k:9092"));
    assertKey("cluster.kafka", Map.of("kafka", "security.protocol=SSL"));
  }

  @Test
  void builderHoldsTheFileDefaultsAndValidatesLikeTheFile() {
    assertEquals(ClusterConfig.fromMap(null), ClusterConfig.builder().build());
    ClusterConfig bound = ClusterConfig.fromMap(Map.of("role", "gateway,analyzer", "bootstrap-servers", "k:9092",
        "partitions", 3, "anomalies-retention", "7d", "kafka", Map.of("linger.ms", "5")));
    assertEquals(bound, bound.toBuilder().build(), "toBuilder keeps every value");
    assertEquals(bound, ClusterConfig.builder().roles(Set.of(Role.GATEWAY, Role.ANALYZER)).bootstrapServers("k:9092")
        .partitions(3).anomaliesRetention(Duration.ofDays(7)).clientProperties(Map.of("linger.ms", "5")).build());
    assertEquals(7, bound.toBuilder().partitions(7).build().partitions());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ClusterConfig.builder().roles(Set.of(Role.GATEWAY)).build());
    assertEquals("cluster.bootstrap-servers", e.key(), e.getMessage());
    e = assertThrows(ConfigException.class, () -> bound.toBuilder().partitions(0).build());
    assertEquals("cluster.partitions", e.key(), e.getMessage());
  }

  private static void assertKey(String key, Map<String, ?> section) {
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.fromMap(section));
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
