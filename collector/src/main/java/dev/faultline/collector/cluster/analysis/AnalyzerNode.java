package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.live.AnalysisTimings;
import dev.faultline.collector.query.AnalysisRoutes;
import dev.faultline.collector.query.QueryLimits;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
  /** Null when the node shares a gateway's query port ({@link #startOn}). */
  private final QueryServer queryServer;
  private final InetSocketAddress queryAddress;
  private final HostInfo self;
  private final ThreadPoolExecutor training;
  private final KafkaStreams streams;
  private final ClusterView view;
  private final IncidentCoordinator coordinator;
  private final AnalysisTimings timings = new AnalysisTimings();
  private final KafkaProducer<String, byte[]> announcer;

  private AnalyzerNode(AnalyzerSettings s, Router router, QueryServer ownServer, InetSocketAddress queryAddress) {
    this.settings = s;
    this.store = new SeriesStore(s.retention().toMillis(), 256L << 20, 10_000, System::currentTimeMillis);
    this.queryServer = ownServer;
    this.queryAddress = queryAddress;
    this.self = new HostInfo(advertised(queryAddress), queryAddress.getPort());
    this.training = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "faultline-entity-train");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy()); // a retraining that finds the queue full is tried again later
    this.streams = new KafkaStreams(AnalyzerTopology.build(s.batchesTopic(), s.anomaliesTopic(), s.topologyTopic(),
        s.live(), training, store, s.windowPoints(), s.checkpointInterval().toMillis(), s.retention().toMillis(),
        timings), streamsProperties(s, self));
    streams.setUncaughtExceptionHandler(e -> {
      log.log(java.util.logging.Level.SEVERE, "analyzer stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    this.view = ClusterView.start(s.bootstrapServers(), s.anomaliesTopic(), s.incidentsTopic(), s.topologyTopic(),
        s.dataDir().resolve("cluster-view"), s.live().maxAnomalies(), s.live().maxIncidents(), s.live().edgeTtl(),
        s.clientOverrides(org.apache.kafka.clients.consumer.ConsumerConfig.configNames()));
    ClusterHistory history = new ClusterHistory(self.host(), self::port, view, s.rca(), s.hop());
    this.coordinator = new IncidentCoordinator(s.bootstrapServers(), s.applicationId() + "-global",
        s.anomaliesTopic(), s.incidentsTopic(), s.live(), s.rca(), s.dataDir().resolve("global"), history, view,
        s.overrides());
    this.announcer = announcer(s);
    StoreRoutes storeRoutes = new StoreRoutes(store);
    storeRoutes.register(router);
    new ClusterSeriesRoutes(streams, self, storeRoutes, s.hop()).register(router);
    new ClusterRegistryRoutes(this::registryPeers, storeRoutes, s.hop()).register(router);
    new AnalysisRoutes(view).register(router);
    router.get("/api/v1/cluster", List.of(), req -> status());
  }

  /** The analyzers of the Streams application (this one answering from its own store). */
  private List<ClusterRegistryRoutes.Peer> registryPeers() {
    List<ClusterRegistryRoutes.Peer> peers = new java.util.ArrayList<>();
    peers.add(new ClusterRegistryRoutes.Peer(settings.nodeId(), self.host(), self.port(), true));
    for (org.apache.kafka.streams.StreamsMetadata m : streams.metadataForAllStreamsClients()) {
      HostInfo h = m.hostInfo();
      if (!h.equals(self) && peers.stream().noneMatch(p -> p.host().equals(h.host()) && p.port() == h.port())) {
        peers.add(new ClusterRegistryRoutes.Peer(h.host() + ":" + h.port(), h.host(), h.port(), false));
      }
    }
    return peers;
  }

  /** Binds the query port (with {@code settings.security()}), starts the analyzer and joins the global step. */
  public static AnalyzerNode start(AnalyzerSettings settings) throws InterruptedException {
    Router router = new Router();
    QueryServer server = new QueryServer(router, System::currentTimeMillis, QueryLimits.defaults(),
        settings.security().queryTls(), settings.security().queries());
    InetSocketAddress bound = server.start(settings.queryAddress());
    AnalyzerNode node;
    try {
      node = new AnalyzerNode(settings, router, server, bound);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return node.begin();
  }

  /**
   * Starts an analyzer on a query port that is already serving ({@code cluster.role: gateway,analyzer}): its routes
   * (series routed to their owner, anomalies, incidents, topology, {@code /api/v1/cluster}) replace the gateway's on
   * {@code router}; {@code queryAddress} is what the other analyzers reach it at. The port stays the gateway's.
   */
  public static AnalyzerNode startOn(AnalyzerSettings settings, Router router, InetSocketAddress queryAddress) {
    return new AnalyzerNode(settings, router, null, queryAddress).begin();
  }

  private AnalyzerNode begin() {
    streams.start();
    coordinator.start();
    announce(TopologyRecords.analyzerValue(settings.nodeId(), self.host(), self.port()));
    log.info(() -> "analyzer " + settings.nodeId() + " started (application " + settings.applicationId()
        + ", query port " + queryAddress.getHostString() + ":" + queryAddress.getPort() + ")");
    return this;
  }

  private static KafkaProducer<String, byte[]> announcer(AnalyzerSettings s) {
    Properties p = new Properties();
    p.putAll(s.clientOverrides(ProducerConfig.configNames()));
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, s.applicationId() + "-" + s.nodeId() + "-announce");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Writes this node's query address to the topology topic (null: withdraws it), so that gateways, which are not
   * Kafka Streams instances, know where to send series queries. Best effort: a gateway asks another analyzer.
   */
  private void announce(byte[] value) {
    try {
      announcer.send(new ProducerRecord<>(settings.topologyTopic(), TopologyRecords.analyzerKey(settings.nodeId()),
          value)).get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
        | org.apache.kafka.common.KafkaException e) {
      log.warning("cannot " + (value == null ? "withdraw" : "announce") + " analyzer " + settings.nodeId()
          + "'s query address on " + settings.topologyTopic() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
    body.put("role", queryServer == null ? "gateway,analyzer" : "analyzer");
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
    if (queryServer != null) {
      queryServer.close();
    }
    announcer.close(Duration.ZERO);
    coordinator.close();
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ZERO));
    view.close();
    training.shutdownNow();
  }

  @Override
  public void close() {
    announce(null);
    announcer.close(Duration.ofSeconds(5));
    coordinator.close();
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(20)));
    view.close();
    if (queryServer != null) {
      queryServer.close();
    }
    training.shutdownNow();
  }
}
