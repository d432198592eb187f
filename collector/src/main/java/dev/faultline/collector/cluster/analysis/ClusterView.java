package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.incident.IncidentStore;
import dev.faultline.collector.live.AnalysisView;
import dev.faultline.collector.live.Anomaly;
import dev.faultline.collector.live.AnomalyLog;
import dev.faultline.collector.live.ApiViews;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.proto.v1.EdgeStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What any node of a scale-out deployment answers the analysis routes from: the anomalies, incidents and topology
 * topics, read from the beginning (they are compacted: one record per anomaly, incident, edge and instance) and
 * followed on one thread ({@code faultline-cluster-view}). Serves {@link dev.faultline.collector.query.AnalysisRoutes}
 * exactly like a single collector's {@link dev.faultline.collector.live.LiveAnalysis}.
 *
 * <pre>{@code
 * ClusterView view = ClusterView.start(bootstrap, "faultline.anomalies", "faultline.incidents", "faultline.topology",
 *     dir, LiveConfig.defaults());
 * new AnalysisRoutes(view).register(router);
 * }</pre>
 */
public final class ClusterView implements AnalysisView, AutoCloseable {

  private static final Logger log = Logger.getLogger(ClusterView.class.getName());

  private final String anomaliesTopic;
  private final String incidentsTopic;
  private final String topologyTopic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final AnomalyLog anomalies;
  private final IncidentStore incidents;
  private final EdgeTable edges;
  /** The latest report of each edge, for a global step taking over (its own edge table starts empty). */
  private final Map<String, EdgeStats> edgeReports = new ConcurrentHashMap<>();
  private final Map<String, TopologyRecords.Instance> instances = new ConcurrentHashMap<>();
  private final Map<String, TopologyRecords.Analyzer> analyzers = new ConcurrentHashMap<>();
  private final List<Consumer<EdgeStats>> edgeListeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;

  private ClusterView(Properties consumerProps, String anomaliesTopic, String incidentsTopic, String topologyTopic,
      Path dir, int maxAnomalies, int maxIncidents, long edgeTtlMillis) {
    this.anomaliesTopic = anomaliesTopic;
    this.incidentsTopic = incidentsTopic;
    this.topologyTopic = topologyTopic;
    this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
    this.anomalies = new AnomalyLog(maxAnomalies);
    this.incidents = IncidentStore.open(freshDir(dir), maxIncidents);
    this.edges = new EdgeTable(edgeTtlMillis, 10_000);
    this.thread = new Thread(this::run, "faultline-cluster-view");
    this.thread.setDaemon(true);
  }

  /**
   * Starts following the three topics from their beginning.
   *
   * @param dir where this view keeps its incident copy (emptied first: the topic is the truth)
   * @param clientProperties extra consumer settings (the {@code cluster.kafka} properties: TLS, SASL)
   */
  public static ClusterView start(String bootstrapServers, String anomaliesTopic, String incidentsTopic,
      String topologyTopic, Path dir, int maxAnomalies, int maxIncidents, Duration edgeTtl,
      Map<String, Object> clientProperties) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "faultline-cluster-view-" + Long.toHexString(System.nanoTime()));
    ClusterView view = new ClusterView(p, anomaliesTopic, incidentsTopic, topologyTopic, dir, maxAnomalies,
        maxIncidents, edgeTtl.toMillis());
    view.thread.start();
    return view;
  }

  private static Path freshDir(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the cluster view directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private void run() {
    try {
      List<TopicPartition> partitions = partitions();
      if (partitions == null) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!stopped) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            apply(r);
          } catch (RuntimeException e) {
            log.log(Level.WARNING, "skipping an unreadable record of " + r.topic() + " (key " + r.key() + ")", e);
          }
        }
        if (edges.expire(System.currentTimeMillis())) {
          edgeReports.keySet().removeIf(k -> !hasEdge(k));
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.log(Level.SEVERE, "the cluster view stopped following the topics", e);
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  /** Every partition of the three topics, waiting for topics that do not exist yet; null when closed meanwhile. */
  private List<TopicPartition> partitions() {
    List<TopicPartition> all = new ArrayList<>();
    for (String topic : List.of(anomaliesTopic, incidentsTopic, topologyTopic)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      while (infos == null || infos.isEmpty()) {
        if (stopped) {
          return null;
        }
        log.info("waiting for topic " + topic + " to exist");
        sleep();
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      }
      infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
    }
    return all;
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.topic().equals(topologyTopic) && r.key() != null && TopologyRecords.isAnalyzer(r.key())) {
      if (r.value() == null) {
        analyzers.remove(r.key()); // stopped cleanly
      } else {
        analyzers.put(r.key(), TopologyRecords.analyzer(r.value()));
      }
      return;
    }
    if (r.value() == null) {
      return; // a tombstone: nothing of ours deletes, and compaction keeps the latest state anyway
    }
    if (r.topic().equals(anomaliesTopic)) {
      anomalies.put(ClusterJson.read(r.value(), AnomalyMessage.class).anomaly());
    } else if (r.topic().equals(incidentsTopic)) {
      incidents.put(ClusterJson.read(r.value(), Incident.class));
    } else if (TopologyRecords.isEdge(r.key())) {
      EdgeStats e = TopologyRecords.edge(r.value());
      edgeReports.put(r.key(), e);
      edges.record(List.of(e), System.currentTimeMillis());
      edgeListeners.forEach(l -> l.accept(e));
    } else if (TopologyRecords.isInstance(r.key())) {
      instances.put(r.key(), TopologyRecords.instance(r.value()));
    }
  }

  private boolean hasEdge(String key) {
    for (EdgeTable.Edge e : edges.edges()) {
      if (key.equals(TopologyRecords.EDGE + '\u0000' + e.caller() + '\u0000' + e.callee())) {
        return true;
      }
    }
    return false;
  }

  /** Calls {@code listener} with each edge report read from now on (the global step's edge table). */
  public void onEdge(Consumer<EdgeStats> listener) {
    edgeListeners.add(listener);
  }

  /** The latest report of every known edge. */
  public Collection<EdgeStats> edgeReports() {
    return List.copyOf(edgeReports.values());
  }

  /** The call graph as read so far. */
  public EdgeTable edges() {
    return edges;
  }

  /** Instances per service, as the analyzers announced them. */
  public Map<String, List<String>> instancesByService() {
    Map<String, List<String>> out = new TreeMap<>();
    for (TopologyRecords.Instance i : instances.values()) {
      if (!i.service().isEmpty()) {
        out.computeIfAbsent(i.service(), s -> new ArrayList<>()).add(i.instance());
      }
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  /** Each service's host (the first instance's by name), for the root-cause step's placement. */
  public Map<String, String> hostOfService() {
    Map<String, String> out = new TreeMap<>();
    instances.values().stream().sorted(java.util.Comparator.comparing(TopologyRecords.Instance::instance))
        .forEach(i -> {
          if (!i.service().isEmpty() && !i.host().isEmpty()) {
            out.putIfAbsent(i.service(), i.host());
          }
        });
    return out;
  }

  /**
   * The analyzers' query addresses as announced, by node id (a killed analyzer's stays until it restarts: callers
   * skip one that does not answer).
   */
  List<TopologyRecords.Analyzer> analyzers() {
    List<TopologyRecords.Analyzer> out = new ArrayList<>(analyzers.values());
    out.sort(java.util.Comparator.comparing(TopologyRecords.Analyzer::node));
    return out;
  }

  @Override
  public AnomalyLog anomalies() {
    return anomalies;
  }

  @Override
  public IncidentStore incidents() {
    return incidents;
  }

  @Override
  public Map<String, Object> topology() {
    Set<String> anomalous = new TreeSet<>();
    anomalies.list(Anomaly::isOpen).forEach(a -> anomalous.add(a.service()));
    Map<String, List<String>> nodes = new LinkedHashMap<>(instancesByService());
    return ApiViews.topology(nodes, edges.edges(), anomalous);
  }

  @Override
  public void close() {
    stopped = true;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    incidents.close();
  }
}
