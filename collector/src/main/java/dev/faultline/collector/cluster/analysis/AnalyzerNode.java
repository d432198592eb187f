package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.live.AnalysisTimings;
import dev.faultline.collector.query.AnalysisRoutes;
import dev.faultline.collector.query.QueryServer;
import dev.faultline.collector.query.Router;
import dev.faultline.collector.query.StoreRoutes;
import dev.faultline.collector.store.SeriesStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;

/**
 * One analyzer node: the Kafka Streams analyzer ({@link AnalyzerTopology}), a member of the global step ({@link
 * IncidentCoordinator}: active or standby), the view of the compacted topics ({@link ClusterView}) and the query
 * port, whose series routes reach every analyzer ({@link ClusterSeriesRoutes}).
 *
 * <pre>{@code
 * try (AnalyzerNode node = AnalyzerNode.start(AnalyzerSettings.of("127.0.0.1:9092", "analyzer-1", dataDir))) {
 *   ... node.queryAddress() ...
 * }
 * }</pre>
 */
public final class AnalyzerNode implements AutoCloseable {

  private static final Logger log = Logger.getLogger(AnalyzerNode.class.getName());

  private final AnalyzerSettings settings;
  private final SeriesStore store;
  private final QueryServer queryServer;
  private final InetSocketAddress queryAddress;
  private final ThreadPoolExecutor training;
  private final KafkaStreams streams;
  private final ClusterView view;
  private final IncidentCoordinator coordinator;
  private final AnalysisTimings timings = new AnalysisTimings();

  private AnalyzerNode(AnalyzerSettings s) throws InterruptedException {
    this.settings = s;
    this.store = new SeriesStore(s.retention().toMillis(), 256L << 20, 10_000, System::currentTimeMillis);
    Router router = new Router();
    this.queryServer = new QueryServer(router, System::currentTimeMillis);
    this.queryAddress = queryServer.start(s.queryAddress());
    HostInfo self = new HostInfo(advertised(queryAddress), queryAddress.getPort());
    this.training = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "faultline-entity-train");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy()); // a retraining that finds the queue full is tried again later
    this.streams = new KafkaStreams(AnalyzerTopology.build(s.batchesTopic(), s.anomaliesTopic(), s.topologyTopic(),
        s.live(), training, store, s.windowPoints(), s.retention().toMillis(), timings), streamsProperties(s, self));
    streams.setUncaughtExceptionHandler(e -> {
      log.log(java.util.logging.Level.SEVERE, "analyzer stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    this.view = ClusterView.start(s.bootstrapServers(), s.anomaliesTopic(), s.incidentsTopic(), s.topologyTopic(),
        s.dataDir().resolve("cluster-view"), s.live().maxAnomalies(), s.live().maxIncidents(), s.live().edgeTtl(),
        s.clientOverrides(org.apache.kafka.clients.consumer.ConsumerConfig.configNames()));
    ClusterHistory history = new ClusterHistory(self.host(), self::port, view, s.rca());
    this.coordinator = new IncidentCoordinator(s.bootstrapServers(), s.applicationId() + "-global",
        s.anomaliesTopic(), s.incidentsTopic(), s.live(), s.rca(), s.dataDir().resolve("global"), history, view,
        s.overrides());
    StoreRoutes storeRoutes = new StoreRoutes(store);
    storeRoutes.register(router);
    new ClusterSeriesRoutes(streams, self, storeRoutes).register(router);
    new AnalysisRoutes(view).register(router);
    router.get("/api/v1/cluster", List.of(), req -> status());
  }

  /** Binds the query port, starts the analyzer and joins the global step's group. */
  public static AnalyzerNode start(AnalyzerSettings settings) throws InterruptedException {
    AnalyzerNode node = new AnalyzerNode(settings);
    node.streams.start();
    node.coordinator.start();
    log.info(() -> "analyzer " + settings.nodeId() + " started (application " + settings.applicationId()
        + ", query port " + node.queryAddress.getHostString() + ":" + node.queryAddress.getPort() + ")");
    return node;
  }

  /**
   * The host other analyzers reach this one's query port at: the bound address, or this host's name when bound to
   * every interface.
   */
  private static String advertised(InetSocketAddress bound) {
    if (!bound.getAddress().isAnyLocalAddress()) {
      return bound.getAddress().getHostAddress();
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return bound.getHostString();
    }
  }

  static Properties streamsProperties(AnalyzerSettings s, HostInfo self) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    p.put(StreamsConfig.CLIENT_ID_CONFIG, s.applicationId() + "-" + s.nodeId());
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.dataDir().resolve("streams").toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE); // re-deliveries applied once
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    // The record cache of the points store: room for one rewritten chunk (about 1 KiB) of some 50,000 series per
    // commit interval, so that their repeated rewrites are merged before the changelog (Streams' default: 10 MiB)
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
    p.putAll(s.overrides());
    return p;
  }

  private Map<String, Object> status() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", settings.nodeId());
    body.put("role", "analyzer");
    body.put("streams_state", streams.state().name());
    body.put("partitions", partitions());
    body.put("global_step", coordinator.isActive() ? "active" : "standby");
    return body;
  }

  /** The batches partitions this node analyses now. */
  public List<Integer> partitions() {
    List<Integer> out = new ArrayList<>();
    for (ThreadMetadata t : streams.metadataForLocalThreads()) {
      t.activeTasks().forEach(task -> task.topicPartitions().forEach(tp -> {
        if (tp.topic().equals(settings.batchesTopic())) {
          out.add(tp.partition());
        }
      }));
    }
    out.sort(null);
    return out;
  }

  public InetSocketAddress queryAddress() {
    return queryAddress;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public ClusterView view() {
    return view;
  }

  public IncidentCoordinator coordinator() {
    return coordinator;
  }

  public SeriesStore store() {
    return store;
  }

  public AnalysisTimings timings() {
    return timings;
  }

  /**
   * Stops at once, as a failed host would: the query port closes, the stream threads stop without waiting, and the
   * group is left so that the others take the partitions now rather than after the session timeout.
   */
  public void kill() {
    queryServer.close();
    coordinator.close();
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ZERO));
    view.close();
    training.shutdownNow();
  }

  @Override
  public void close() {
    coordinator.close();
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(20)));
    view.close();
    queryServer.close();
    training.shutdownNow();
  }
}
