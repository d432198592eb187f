package dev.faultline.collector.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics of a cluster and their checking at start: each missing one is created with one log line (or, with
 * {@code cluster.create-topics: false}, the node refuses to start naming it).
 *
 * <ul>
 *   <li>batches: {@code cluster.partitions} partitions, key = service ({@link BatchEnvelope}), time retention
 *   <li>anomalies: 1 partition (the global incident step reads it whole, in order), compact,delete: the latest
 *       state of each anomaly (key = anomaly id) for {@code cluster.anomalies-retention}
 *   <li>incidents, topology: 1 partition, compacted (the latest value per key is the state)
 * </ul>
 */
public final class ClusterTopics {

  private static final Logger log = Logger.getLogger(ClusterTopics.class.getName());

  /** What a topic should look like when it is created. */
  public record Spec(String name, String role, int partitions, Optional<Short> replicationFactor,
      Map<String, String> configs) {

    NewTopic newTopic() {
      return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configs);
    }

    String describe() {
      return partitions + " partition" + (partitions == 1 ? "" : "s") + ", replication "
          + replicationFactor.map(String::valueOf).orElse("broker default")
          + (configs.isEmpty() ? "" : ", " + configs);
    }
  }

  /** max.message.bytes of the batches topic, and the gateway producer's max.request.size. */
  public static final int MAX_BATCH_RECORD_BYTES = 8 * 1024 * 1024;

  private ClusterTopics() {}

  /** The four topics as {@code config} names and sizes them. */
  public static List<Spec> specs(ClusterConfig config) {
    ClusterConfig.Topics t = config.topics();
    Optional<Short> rf = config.replicationFactor();
    Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    return List.of(
        // a batch is one record: room for the largest frame an agent may send (ingest.max-frame-bytes <= 4 MiB)
        new Spec(t.batches(), "batches", config.partitions(), rf,
            Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_BATCH_RECORD_BYTES))),
        // compacted so that an anomaly open for long keeps its latest state; deleted after the retention so that
        // the topic does not grow with every anomaly ever seen
        new Spec(t.anomalies(), "anomalies", 1, rf, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.anomaliesRetention().toMillis()))),
        new Spec(t.incidents(), "incidents", 1, rf, compact),
        new Spec(t.topology(), "topology", 1, rf, compact));
  }

  /**
   * Makes sure every topic of {@code specs} exists.
   *
   * @param create {@code cluster.create-topics}
   * @return the names of the topics created now
   * @throws ClusterStartException when Kafka cannot be reached within {@code timeout}, a topic is missing and may
   *     not be created, or its creation fails
   */
  public static List<String> ensure(Admin admin, List<Spec> specs, boolean create, String bootstrapServers,
      Duration timeout) {
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterStartException("cluster.bootstrap-servers: cannot reach Kafka at " + bootstrapServers
          + " within " + timeout.toSeconds() + " s (" + cause(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException("interrupted while listing the Kafka topics", e);
    }
    List<String> created = new ArrayList<>();
    for (Spec spec : specs) {
      if (existing.contains(spec.name())) {
        checkPartitions(admin, spec, timeout);
        checkCleanupPolicy(admin, spec, timeout);
        continue;
      }
      if (!create) {
        throw new ClusterStartException("cluster.create-topics is false and the " + spec.role() + " topic '"
            + spec.name() + "' does not exist on " + bootstrapServers + "; create it (" + spec.describe()
            + ") or set cluster.create-topics: true");
      }
      try {
        admin.createTopics(List.of(spec.newTopic())).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        created.add(spec.name());
        log.info("created Kafka topic " + spec.name() + " (" + spec.role() + ": " + spec.describe() + ")");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) { // another node created it meanwhile: fine
          throw new ClusterStartException("cannot create the " + spec.role() + " topic '" + spec.name() + "' ("
              + spec.describe() + "): " + cause(e), e);
        }
      } catch (TimeoutException e) {
        throw new ClusterStartException("cannot create the " + spec.role() + " topic '" + spec.name()
            + "' within " + timeout.toSeconds() + " s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterStartException("interrupted while creating topic " + spec.name(), e);
      }
    }
    awaitVisible(admin, created, timeout);
    return created;
  }

  /** A new topic's metadata reaches the brokers shortly after its creation: wait so that clients can use it. */
  private static void awaitVisible(Admin admin, List<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!topics.isEmpty()) {
      try {
        admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException | TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new ClusterStartException("created topics " + topics + " are not visible within "
              + timeout.toSeconds() + " s: " + cause(e), e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterStartException("interrupted while waiting for topics " + topics, e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterStartException("interrupted while waiting for topics " + topics, e);
      }
    }
  }

  /** An existing topic keeps its partition count; a difference from the config is said once, at start. */
  private static void checkPartitions(Admin admin, Spec spec, Duration timeout) {
    try {
      TopicDescription d = admin.describeTopics(List.of(spec.name())).topicNameValues().get(spec.name())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (d.partitions().size() != spec.partitions()) {
        log.warning("Kafka topic " + spec.name() + " has " + d.partitions().size() + " partitions, the config says "
            + spec.partitions() + "; the existing count is used (Kafka never shrinks a topic, and growing it"
            + " would move services between partitions)");
      }
    } catch (ExecutionException | TimeoutException e) {
      log.fine(() -> "cannot describe topic " + spec.name() + ": " + cause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * An existing topic whose cleanup.policy differs from the one this node would create it with: one WARNING naming
   * the command that fixes it (the node works on, but e.g. an anomalies topic with delete only forgets an anomaly
   * open longer than its retention when a global step takes over).
   */
  private static void checkCleanupPolicy(Admin admin, Spec spec, Duration timeout) {
    String wanted = spec.configs().getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
    try {
      Config config = admin.describeConfigs(List.of(resource)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(resource);
      ConfigEntry entry = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      String actual = entry == null ? TopicConfig.CLEANUP_POLICY_DELETE : entry.value();
      if (!samePolicy(wanted, actual)) {
        log.warning("Kafka topic " + spec.name() + " has cleanup.policy=" + actual + ", the " + spec.role()
            + " topic should have " + wanted + "; fix: kafka-configs.sh --bootstrap-server ... --alter --entity-type"
            + " topics --entity-name " + spec.name() + " --add-config " + alterConfigs(spec));
      }
    } catch (ExecutionException | TimeoutException e) {
      log.fine(() -> "cannot describe the configs of topic " + spec.name() + ": " + cause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kafka lists a policy as {@code compact,delete} or {@code delete,compact}: the order does not matter. */
  private static boolean samePolicy(String a, String b) {
    return Set.of(a.replace(" ", "").split(",")).equals(Set.of(b.replace(" ", "").split(",")));
  }

  /** The spec's configs as kafka-configs.sh --add-config takes them (a list value in brackets). */
  private static String alterConfigs(Spec spec) {
    List<String> parts = new ArrayList<>();
    new java.util.TreeMap<>(spec.configs()).forEach((k, v) -> {
      if (!k.equals(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) {
        parts.add(k + "=" + (v.contains(",") ? "[" + v + "]" : v));
      }
    });
    return String.join(",", parts);
  }

  private static String cause(Exception e) {
    Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
