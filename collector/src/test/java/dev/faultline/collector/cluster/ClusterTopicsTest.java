package dev.faultline.collector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.cluster.ClusterConfig.Role;
import dev.faultline.collector.cluster.ClusterConfig.Topics;
import dev.faultline.collector.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topic creation and checking against a real KRaft broker. */
class ClusterTopicsTest {

  @RegisterExtension static final KafkaTestBroker kafka = KafkaTestBroker.perClass();

  private static ClusterConfig config(String prefix) {
    return ClusterConfig.builder().roles(Set.of(Role.GATEWAY)).bootstrapServers(kafka.bootstrapServers())
        .topics(new Topics(prefix + ".batches", prefix + ".anomalies", prefix + ".incidents", prefix + ".topology"))
        .partitions(4).build();
  }

  @Test
  void createsMissingTopicsOnceWithOneLogLineEach() throws Exception {
    ClusterConfig c = config("create");
    try (Admin admin = kafka.admin(); LogCapture logs = new LogCapture(ClusterTopics.class.getName())) {
      List<String> created = ClusterTopics.ensure(admin, ClusterTopics.specs(c), true, kafka.bootstrapServers(),
          Duration.ofSeconds(20));
      assertEquals(c.topics().all(), created);
      assertEquals(4, logs.text().lines().filter(l -> l.contains("created Kafka topic")).count(), logs.text());

      Map<String, TopicDescription> d = admin.describeTopics(c.topics().all()).allTopicNames().get();
      assertEquals(4, d.get("create.batches").partitions().size());
      assertEquals(1, d.get("create.anomalies").partitions().size());
      assertEquals("compact", cleanupPolicy(admin, "create.topology"));
      assertEquals("compact", cleanupPolicy(admin, "create.incidents"));
      assertEquals("delete", cleanupPolicy(admin, "create.batches"));
      assertEquals("compact,delete", cleanupPolicy(admin, "create.anomalies"));
      assertEquals(String.valueOf(ClusterConfig.DEFAULT_ANOMALIES_RETENTION.toMillis()),
          config(admin, "create.anomalies", "retention.ms"));
      assertTrue(logs.text().contains("created Kafka topic create.anomalies (anomalies: 1 partition, replication"
          + " broker default") && logs.text().contains("cleanup.policy=compact,delete"), logs.text());

      assertEquals(List.of(), ClusterTopics.ensure(admin, ClusterTopics.specs(c), true, kafka.bootstrapServers(),
          Duration.ofSeconds(20)), "second start: nothing to create");
    }
  }

  @Test
  void anExistingAnomaliesTopicWithAnotherPolicyGetsOneWarningNamingTheFix() throws Exception {
    ClusterConfig c = config("old").toBuilder().anomaliesRetention(Duration.ofDays(3)).build();
    try (Admin admin = kafka.admin(); LogCapture logs = new LogCapture(ClusterTopics.class.getName())) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("old.anomalies", 1, (short) 1)))
          .all().get();
      assertEquals("delete", cleanupPolicy(admin, "old.anomalies"));
      ClusterTopics.ensure(admin, ClusterTopics.specs(c), true, kafka.bootstrapServers(), Duration.ofSeconds(20));
      List<String> warnings = logs.text().lines().filter(l -> l.contains("cleanup.policy=delete")).toList();
      assertEquals(1, warnings.size(), logs.text());
      assertTrue(warnings.get(0).contains("old.anomalies") && warnings.get(0).contains("--entity-name old.anomalies"
          + " --add-config cleanup.policy=[compact,delete],retention.ms=259200000"), warnings.get(0));
      assertEquals("delete", cleanupPolicy(admin, "old.anomalies"), "an existing topic is not altered");
      assertEquals("compact", cleanupPolicy(admin, "old.incidents"), "the missing ones are created as specified");
    }
  }

  /** The topic's cleanup.policy, once the new topic's metadata has reached the broker (retried for 10 s). */
  private static String cleanupPolicy(Admin admin, String topic) throws Exception {
    return config(admin, topic, "cleanup.policy");
  }

  private static String config(Admin admin, String topic, String name) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
      } catch (java.util.concurrent.ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void refusesToStartNamingTheMissingTopicWhenItMayNotCreate() throws Exception {
    ClusterConfig c = config("nocreate");
    try (Admin admin = kafka.admin()) {
      ClusterStartException e = assertThrows(ClusterStartException.class, () -> ClusterTopics.ensure(admin,
          ClusterTopics.specs(c), false, kafka.bootstrapServers(), Duration.ofSeconds(20)));
      assertTrue(e.getMessage().contains("'nocreate.batches' does not exist"), e.getMessage());
      assertTrue(e.getMessage().contains("cluster.create-topics"), e.getMessage());
      assertFalse(admin.listTopics().names().get().contains("nocreate.batches"));
    }
  }

  @Test
  void unreachableKafkaIsNamedWithinTheTimeout() {
    String nobody = "127.0.0.1:1";
    java.util.Properties p = KafkaClients.admin(ClusterConfig.of(Set.of(Role.GATEWAY), nobody), 1500);
    long started = System.nanoTime();
    try (Admin admin = Admin.create(p)) {
      ClusterStartException e = assertThrows(ClusterStartException.class, () -> ClusterTopics.ensure(admin,
          ClusterTopics.specs(config("x")), true, nobody, Duration.ofMillis(1500)));
      assertTrue(e.getMessage().startsWith("cluster.bootstrap-servers: cannot reach Kafka at 127.0.0.1:1"),
          e.getMessage());
    }
    assertTrue(System.nanoTime() - started < 10_000_000_000L, "bounded");
  }
}
