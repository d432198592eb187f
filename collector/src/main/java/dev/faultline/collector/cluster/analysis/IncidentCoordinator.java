package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.incident.IncidentStore;
import dev.faultline.collector.live.LiveAnalysis;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.live.RecentPoints;
import dev.faultline.collector.live.rca.RcaConfig;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.proto.v1.EdgeStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The global step of the scale-out mode: incident grouping across services and root-cause analysis, in one place
 * at a time. Every analyzer node runs one; they form a consumer group on the single-partition anomalies topic, so
 * Kafka's group protocol gives that partition to exactly one member (the active one) and the others wait as
 * standbys. When the active member leaves or dies, the group hands the partition to a standby, which takes over.
 *
 * <p>The active member is a single collector's {@link LiveAnalysis} with its detectors off: anomalies from the topic
 * go to {@link LiveAnalysis#opened}/{@link LiveAnalysis#closed} (the same {@link
 * dev.faultline.collector.incident.IncidentGrouper}), call edges from the topology topic to its edge table, root
 * causes come from its {@link dev.faultline.collector.live.rca.RcaScheduler} and {@link
 * dev.faultline.collector.live.rca.LiveRootCause} over history fetched from the analyzers ({@code rcaHistory}), and
 * every incident change is written to the compacted incidents topic.
 *
 * <p>Taking over is a single collector's restart: the incidents topic is read into a fresh incident store (open
 * incidents come back to the grouper), the anomalies topic is read from its beginning to its end, and the anomalies
 * still open rejoin their incidents (same series) before the warm-up ends, keeping the analyses already made.
 */
public final class IncidentCoordinator implements AutoCloseable {

  private static final Logger log = Logger.getLogger(IncidentCoordinator.class.getName());

  private final Properties base;
  private final String groupId;
  private final String anomaliesTopic;
  private final String incidentsTopic;
  private final LiveConfig liveConfig;
  private final RcaConfig rcaConfig;
  private final Path workDir;
  private final Function<Incident, SeriesStore> rcaHistory;
  private final ClusterView view;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  /** Cluster anomaly id to the active analysis' own anomaly id; touched on the coordinator thread only. */
  private final Map<Long, Long> localIds = new HashMap<>();
  private volatile LiveAnalysis active;
  private volatile boolean takeoverPending;
  private volatile boolean stopped;

  /**
   * @param groupId the consumer group of the global step (one per deployment)
   * @param workDir where the active member keeps its incident store (rebuilt from the topic at each takeover)
   * @param rcaHistory the series history of an incident, fetched from the analyzers
   * @param overrides extra client settings (tests: faster session timeouts)
   */
  public IncidentCoordinator(String bootstrapServers, String groupId, String anomaliesTopic, String incidentsTopic,
      LiveConfig liveConfig, RcaConfig rcaConfig, Path workDir, Function<Incident, SeriesStore> rcaHistory,
      ClusterView view, Map<String, Object> overrides) {
    this.groupId = groupId;
    this.anomaliesTopic = anomaliesTopic;
    this.incidentsTopic = incidentsTopic;
    this.liveConfig = liveConfig.withQueue(false, 1, 1); // no detectors here: the analyzers ran them
    this.rcaConfig = rcaConfig;
    this.workDir = workDir;
    this.rcaHistory = rcaHistory;
    this.view = view;
    this.base = new Properties();
    overrides.forEach((k, v) -> {
      if (ConsumerConfig.configNames().contains(k) && ProducerConfig.configNames().contains(k)) {
        base.put(k, v); // common client settings (TLS, SASL): every client of this step
      }
    });
    base.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    Properties c = new Properties();
    c.putAll(base);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // a takeover reads the topic from its beginning
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    overrides.forEach((k, v) -> {
      if (ConsumerConfig.configNames().contains(k)) {
        c.put(k, v);
      }
    });
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Properties p = new Properties();
    p.putAll(base);
    overrides.forEach((k, v) -> {
      if (ProducerConfig.configNames().contains(k)) {
        p.put(k, v);
      }
    });
    p.put(ProducerConfig.ACKS_CONFIG, "all"); // an incident change is written to every in-sync replica
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::run, "faultline-global");
    this.thread.setDaemon(true);
    view.onEdge(this::edge);
  }

  /** Joins the group; the member that gets the anomalies partition becomes active. */
  public IncidentCoordinator start() {
    thread.start();
    return this;
  }

  /** True while this member runs the global step. */
  public boolean isActive() {
    return active != null;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(anomaliesTopic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            stepDown("revoked");
          }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            stepDown("lost");
          }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            takeoverPending = true; // polling is not allowed in here: the loop takes over
          }
        }
      });
      while (!stopped) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        if (takeoverPending) {
          takeoverPending = false;
          records = takeOver(records);
        }
        for (ConsumerRecord<String, byte[]> r : records) {
          if (active != null && r.value() != null) {
            apply(ClusterJson.read(r.value(), AnomalyMessage.class));
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.log(Level.SEVERE, "the global incident step stopped", e);
    } finally {
      stepDown("closing");
    }
  }

  /**
   * Restores the incidents, then reads the anomalies partition from its beginning up to where it ended when the
   * takeover began (the records already polled included); returns the records past that end, for live processing.
   */
  private List<ConsumerRecord<String, byte[]>> takeOver(List<ConsumerRecord<String, byte[]>> polled) {
    long t0 = System.nanoTime();
    Path dir = workDir.resolve("global-" + System.currentTimeMillis());
    int restored = restoreIncidents(dir);
    LiveAnalysis live = LiveAnalysis.start(liveConfig, rcaConfig, dir, emptyStore(), rcaHistory,
        System::currentTimeMillis);
    long now = System.currentTimeMillis();
    for (EdgeStats e : view.edgeReports()) {
      live.edges().record(List.of(e), now);
    }
    live.onIncidentChange((before, after) -> publish(after));
    Map<Long, AnomalyMessage> latest = new LinkedHashMap<>();
    Set<TopicPartition> assigned = consumer.assignment();
    consumer.seekToBeginning(assigned);
    Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
    List<ConsumerRecord<String, byte[]>> beyond = new ArrayList<>();
    while (!stopped && !caughtUp(end)) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && r.value() != null) {
          AnomalyMessage a = ClusterJson.read(r.value(), AnomalyMessage.class);
          latest.put(a.id(), a);
        } else {
          beyond.add(r);
        }
      }
    }
    localIds.clear();
    int reopened = 0;
    for (AnomalyMessage a : latest.values()) {
      if (a.open()) {
        localIds.put(a.id(), live.opened(a.seriesKey(), a.startMillis(), a.score()));
        reopened++;
      }
    }
    live.warmUp(RecentPoints.of(emptyStore())); // ends the warm-up: quiet incidents may resolve from now on
    active = live;
    int open = reopened;
    log.info(() -> String.format(java.util.Locale.ROOT, "global incident step active here (group %s): %d incidents"
        + " restored, %d anomalies read, %d still open, in %.2f s", groupId, restored, latest.size(), open,
        (System.nanoTime() - t0) / 1e9));
    return beyond;
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Reads the incidents topic to its end into a new store under {@code dir}; returns how many incidents. */
  private int restoreIncidents(Path dir) {
    Properties p = new Properties();
    p.putAll(base);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, Incident> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      List<PartitionInfo> infos = c.partitionsFor(incidentsTopic, Duration.ofSeconds(10));
      if (infos != null) {
        infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!reached(c, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            latest.remove(r.key());
          } else {
            Incident i = ClusterJson.read(r.value(), Incident.class);
            latest.put(i.id(), i);
          }
        }
      }
    }
    try (IncidentStore store = IncidentStore.open(dir, liveConfig.maxIncidents())) {
      latest.values().forEach(store::put);
    }
    return latest.size();
  }

  private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** One anomaly start or end, in the single node's terms. */
  private void apply(AnomalyMessage a) {
    LiveAnalysis live = active;
    if (a.open()) {
      if (!localIds.containsKey(a.id())) {
        localIds.put(a.id(), live.opened(a.seriesKey(), a.startMillis(), a.score()));
      }
      return;
    }
    Long local = localIds.remove(a.id());
    if (local == null) { // opened and closed while no member was active: still part of the story
      local = live.opened(a.seriesKey(), a.startMillis(), a.score());
    }
    live.closed(local, a.endMillis(), a.score());
  }

  private void edge(EdgeStats e) {
    LiveAnalysis live = active;
    if (live != null) {
      live.edges().record(List.of(e), System.currentTimeMillis());
    }
  }

  private void publish(Incident incident) {
    producer.send(new ProducerRecord<>(incidentsTopic, incident.id(), ClusterJson.write(incident)), (md, ex) -> {
      if (ex != null) {
        log.warning("cannot publish incident " + incident.id() + ": " + ex.getMessage());
      }
    });
  }

  private synchronized void stepDown(String why) {
    LiveAnalysis live = active;
    if (live == null) {
      return;
    }
    active = null;
    live.close();
    producer.flush();
    log.info("global incident step no longer active here (" + why + ")");
  }

  private static SeriesStore emptyStore() {
    return new SeriesStore(Long.MAX_VALUE / 4, 1L << 20, 16, System::currentTimeMillis);
  }

  /** Leaves the group (a standby takes over at once) and stops. */
  @Override
  public void close() {
    stopped = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
    producer.close(Duration.ofSeconds(5));
  }
}
