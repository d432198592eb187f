package dev.faultline.collector;

import dev.faultline.collector.cluster.ClusterConfig;
import dev.faultline.collector.cluster.InternalHop;
import dev.faultline.collector.cluster.KafkaBatchLog;
import dev.faultline.collector.cluster.analysis.AnalyzerNode;
import dev.faultline.collector.cluster.analysis.AnalyzerSettings;
import dev.faultline.collector.cluster.analysis.ClusterRegistryRoutes;
import dev.faultline.collector.cluster.analysis.GatewaySeriesRoutes;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.collector.ingest.DurableLog;
import dev.faultline.collector.ingest.IngestContext;
import dev.faultline.collector.ingest.IngestLimits;
import dev.faultline.collector.ingest.IngestServer;
import dev.faultline.collector.ingest.IngestStats;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.live.LiveAnalysis;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.live.RecentPoints;
import dev.faultline.collector.metrics.AgentSeriesCollector;
import dev.faultline.collector.metrics.CollectorMetrics;
import dev.faultline.collector.live.rca.RcaConfig;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.perf.live.PerfModelling;
import dev.faultline.collector.perf.train.TrainerConfig;
import dev.faultline.collector.query.AdminRoutes;
import dev.faultline.collector.query.AnalysisRoutes;
import dev.faultline.collector.query.PerfRoutes;
import dev.faultline.collector.notify.Notifier;
import dev.faultline.collector.reload.LiveReloadables;
import dev.faultline.collector.reload.Reloadable;
import dev.faultline.collector.reload.ReloadStatus;
import dev.faultline.collector.reload.SecurityReloadable;
import dev.faultline.collector.query.EventHub;
import dev.faultline.collector.query.QueryLimits;
import dev.faultline.collector.query.QueryServer;
import dev.faultline.collector.query.Router;
import dev.faultline.collector.query.StatusRoutes;
import dev.faultline.collector.query.StoreRoutes;
import dev.faultline.collector.security.ExposureCheck;
import dev.faultline.collector.security.Security;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.state.Snapshotter;
import dev.faultline.collector.state.StateSnapshotCodec;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.wal.FsyncPolicy;
import dev.faultline.collector.wal.ReplaySummary;
import dev.faultline.collector.wal.Wal;
import dev.faultline.collector.wal.WalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A running collector: ingest server, series store and query server, wired together. Used by {@code run} and,
 * in-process, by tests, the benchmark and the e2e demo.
 *
 * <pre>{@code
 * CollectorConfig config = CollectorConfig.builder()
 *     .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
 *     .dataDir(tempDir).build();
 * try (Collector collector = Collector.start(CollectorSettings.of(config))) {
 *   int ingestPort = collector.ingestAddress().getPort();
 *   int queryPort = collector.queryAddress().getPort();
 * }
 * }</pre>
 */
public final class Collector implements AutoCloseable {

  private static final Logger log = Logger.getLogger(Collector.class.getName());
  private static final long MAINTENANCE_PERIOD_SECONDS = 30;

  private final CollectorConfig config;
  private final SeriesStore store;
  private final AgentLedger ledger = new AgentLedger();
  private final IngestStats ingestStats = new IngestStats();
  private final Router router = new Router();
  private final IngestServer ingestServer;
  private final QueryServer queryServer;
  private final ScheduledExecutorService maintenance;
  private final LiveAnalysis live;
  private final EventHub events;
  private final PerfModelling perf;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set once replay and binding succeeded: only then does the state deserve a snapshot on close. */
  private volatile boolean started;
  private volatile ReplaySummary startupReplay;
  private final DurableLog durable;
  private final CollectorMetrics metrics = new CollectorMetrics();
  private final Notifier notifier;
  private final ReloadStatus reloadStatus = new ReloadStatus();
  private final List<Reloadable> reloadables = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Security security;
  private final Snapshotter snapshots;
  /** The gateway role's sink (cluster.role gateway): batches go to Kafka instead of the store; else null. */
  private final KafkaBatchLog gateway;
  /** A gateway's view of the anomalies, incidents and topology topics (its analysis routes); else null. */
  private volatile dev.faultline.collector.cluster.analysis.ClusterView clusterView;
  /** The analyzer of a {@code gateway,analyzer} node, on this query port; else null. */
  private volatile AnalyzerNode analyzer;
  private InetSocketAddress ingestAddress;
  private InetSocketAddress queryAddress;

  private Collector(CollectorConfig config, SeriesStore store, LiveAnalysis live, List<BatchSink> downstream,
      DurableLog durable, Notifier notifier, SecurityConfig securityConfig, Security security, KafkaBatchLog gateway,
      ClusterConfig cluster) {
    this.config = config;
    this.gateway = gateway;
    this.notifier = notifier;
    this.security = security;
    this.durable = durable;
    this.store = store;
    this.snapshots = durable == null ? null : new Snapshotter(durable, ledger, store, live.edges());
    this.live = live;
    this.events = new EventHub(QueryServer.jsonMapper(), live.config().maxSubscribers(), 15_000);
    live.events(events);
    BatchSink sink = gateway != null ? gateway
        : downstream.isEmpty() ? BatchSink.copying(store::append) : batch -> fanOut(batch, downstream);
    this.ingestServer = new IngestServer(new IngestContext(config.maxFrameBytes(),
        config.handshakeTimeout().toMillis(), config.maxSeriesPerConnection(), sink, ledger, ingestStats,
        System::currentTimeMillis, durable, new IngestLimits(config.maxConnections(), config.maxBytesPerSecond(),
        config.maxSeriesPerAgent())), config.idleTimeout().toMillis(), security.ingestTls(), security.agents(),
        config.ingestTransport());
    StatusRoutes status = new StatusRoutes(store, ledger, ingestStats, System.currentTimeMillis(),
        durable == null ? null : durable::stats)
        .section("config", reloadStatus::view);
    if (gateway != null) {
      status.section("kafka", gateway::health).degradedWhen(gateway::degradedReason);
    }
    status.register(router);
    new StoreRoutes(store).register(router);
    new AnalysisRoutes(live).register(router);
    TrainerConfig training = PerfModelling.trainerConfig();
    this.perf = PerfModelling.create(store, training);
    new PerfRoutes(perf.service(), store, training.refreshPeriod(), training.fitter().minRows()).register(router);
    new AdminRoutes(config, live.config(), securityConfig).register(router);
    router.stream("/api/v1/events", events);
    live.onIncidentChange(notifier::incidentChanged);
    router.get("/api/v1/notifications", List.of("incident", "limit"),
        new dev.faultline.collector.query.NotificationRoutes(notifier)::list);
    notifier.registerMetrics(metrics.registry());
    reloadStatus.registerMetrics(metrics.registry());
    reloadables.add(LiveReloadables.detection(live));
    reloadables.add(LiveReloadables.notifications(notifier));
    reloadables.add(new SecurityReloadable(security, securityConfig, System::getenv,
        next -> InternalHop.admitting(next, cluster)));
    registerMetrics();
    this.queryServer = new QueryServer(router, System::currentTimeMillis, new QueryLimits(
        config.queryMaxRequestBytes(), config.queryRequestTimeout().toMillis(), config.queryMaxPageSize()),
        security.queryTls(), security.queries());
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faultline-maintenance");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY); // retention sweeps and snapshots: queries and ingest come first
      return t;
    });
  }

  private void registerMetrics() {
    metrics.ingest(ledger, ingestStats).store(store).live(live);
    if (durable != null) {
      metrics.wal(durable::stats, durable.wal()::fsyncObserver);
    }
    if (gateway != null) {
      gateway.registerMetrics(metrics.registry());
    }
    if (config.agentSeries()) {
      java.util.Set<String> own = new java.util.HashSet<>();
      metrics.registry().scrape().forEach(s -> own.add(s.getMetadata().getPrometheusName()));
      AgentSeriesCollector agentSeries = new AgentSeriesCollector(store, config.agentSeriesPrefix(),
          config.maxAgentSeries(), own);
      metrics.registry().register(agentSeries);
    }
    metrics.register(router);
  }

  /**
   * Starts a collector as {@code settings} say: every section of its configuration (live analysis, root-cause
   * analysis, TLS and tokens, incident notifications, cluster roles) and the downstream sinks each applied batch goes
   * to after the store, before the agent gets its ack. Certificates, keys and tokens are read first, so a bad one
   * fails before anything opens.
   *
   * <p>Cluster roles: {@code single} is the self-contained collector. {@code gateway}: the same ingest (limits, TLS,
   * tokens) and query port, but every accepted batch is published to Kafka and acknowledged after Kafka did; no
   * write-ahead log and no local store of batches. {@code gateway,analyzer}: also an {@link AnalyzerNode} whose
   * routes serve on this query port.
   *
   * @throws dev.faultline.collector.config.ConfigException naming the key of a file or variable that cannot be used
   * @throws dev.faultline.collector.cluster.ClusterStartException when Kafka cannot be reached within 30 s or a
   *     topic is missing and {@code cluster.create-topics} is false
   * @throws UncheckedIOException when the data directory cannot be created or the write-ahead log not replayed
   * @throws InterruptedException when interrupted while binding
   */
  public static Collector start(CollectorSettings settings) throws InterruptedException {
    CollectorConfig config = settings.config();
    LiveConfig liveConfig = settings.live();
    RcaConfig rcaConfig = settings.rca();
    SecurityConfig securityConfig = settings.security();
    ClusterConfig cluster = settings.cluster();
    if (cluster.has(ClusterConfig.Role.ANALYZER) && !cluster.has(ClusterConfig.Role.GATEWAY)) {
      throw ConfigException.of("cluster.role", "analyzer alone runs as an AnalyzerNode (faultline run does so);"
          + " a Collector plays single, gateway or gateway,analyzer");
    }
    InternalHop hop = cluster.isSingle() ? InternalHop.plain() : InternalHop.from(cluster, securityConfig);
    Security security = Security.load(InternalHop.admitting(securityConfig, cluster));
    SeriesStore store = new SeriesStore(config.retention().toMillis(), config.maxMemoryBytes(),
        config.maxPointsPerSeries(), System::currentTimeMillis);
    LiveAnalysis live = LiveAnalysis.start(liveConfig, rcaConfig, config.dataDir(), store, System::currentTimeMillis);
    List<BatchSink> sinks = new ArrayList<>(settings.downstream());
    if (live.sink() != null) {
      sinks.add(live.sink());
    }
    DurableLog durable = null;
    Notifier notifier = null;
    KafkaBatchLog gateway = null;
    Collector c;
    try {
      gateway = cluster.has(ClusterConfig.Role.GATEWAY) ? KafkaBatchLog.open(cluster) : null;
      // the gateway's durable copy is the Kafka topic: no local write-ahead log
      durable = config.wal() && gateway == null ? openWal(config) : null;
      notifier = Notifier.open(settings.notifications(), config.dataDir(), System::currentTimeMillis,
          "http://" + config.queryAddress() + "/");
      c = new Collector(config, store, live, List.copyOf(sinks), durable, notifier, securityConfig, security,
          gateway, cluster);
    } catch (RuntimeException e) {
      live.close();
      closeQuietly(durable);
      if (gateway != null) {
        gateway.close();
      }
      if (notifier != null) {
        notifier.close();
      }
      throw e;
    }
    try {
      if (durable != null) {
        // before ingest binds: detectors see only live batches
        // the call graph comes back too (snapshot, then the edges of replayed batches), so that an incident right
        // after a restart has propagation paths before agents report their calls again
        EdgeTable edges = c.live.edges();
        c.startupReplay = durable.replay(c.ledger, batch -> {
          c.store.append(batch);
          edges.replay(batch.edges());
        }, state -> StateSnapshotCodec.restore(state, c.ledger, c.store, c.durable.dictionary(), edges)
            + " points of " + c.store.seriesCount() + " series, " + edges.edges().size() + " edges");
        edges.expire(System.currentTimeMillis()); // edges past detection.edge-ttl stay gone
      }
      // detectors learn the recovered history silently, so a restart neither blinds them nor storms alerts
      c.live.warmUp(RecentPoints.of(c.store));
      if (gateway != null && !cluster.has(ClusterConfig.Role.ANALYZER)) {
        c.followCluster(cluster, liveConfig, hop);
      }
      c.doStart();
      if (cluster.has(ClusterConfig.Role.ANALYZER)) {
        // after the bind: the other analyzers reach this one at the gateway's query address
        c.analyzer = AnalyzerNode.startOn(AnalyzerSettings.from(cluster, config, liveConfig, rcaConfig, security,
            hop), c.router, c.queryAddress);
      }
      return c;
    } catch (RuntimeException | InterruptedException e) {
      c.close();
      throw e;
    } catch (IOException e) {
      c.close();
      throw new UncheckedIOException("cannot replay the write-ahead log in " + config.dataDir().resolve("wal") + ": "
          + e.getMessage(), e);
    }
  }

  /** Opens (creating) {@code storage.data-dir/wal}; a torn tail is cut there with one log line. */
  private static DurableLog openWal(CollectorConfig config) {
    long segmentBytes = Math.max(1L << 20, Math.min(WalOptions.DEFAULT_SEGMENT_BYTES, config.walMaxBytes() / 4));
    WalOptions options = WalOptions.builder(config.dataDir().resolve("wal"))
        .fsyncPolicy(config.fsync() == CollectorConfig.Fsync.ALWAYS ? FsyncPolicy.everyAppend()
            : FsyncPolicy.groupCommit(config.fsyncInterval()))
        .segmentBytes(segmentBytes)
        .retentionMaxAge(config.walRetention())
        .retentionMaxBytes(config.walMaxBytes())
        .minFreeBytes(config.minFreeBytes())
        .build();
    try {
      return new DurableLog(Wal.open(options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the write-ahead log in " + options.directory() + ": "
          + e.getMessage(), e);
    }
  }

  private void doStart() throws InterruptedException {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create storage.data-dir " + config.dataDir() + ": " + e.getMessage(), e);
    }
    ingestAddress = bind("ingest.address", config.ingestAddress(), ingestServer::start);
    queryAddress = bind("query.address", config.queryAddress(), queryServer::start);
    perf.start(); // after the WAL replay, so that the first training already sees the replayed history
    notifier.defaultExternalUrl("http://" + queryAddress.getHostString() + ":" + queryAddress.getPort() + "/");
    warnIfExposed();
    maintenance.scheduleAtFixedRate(this::maintain, MAINTENANCE_PERIOD_SECONDS, MAINTENANCE_PERIOD_SECONDS,
        TimeUnit.SECONDS);
    if (snapshots != null) {
      long every = config.snapshotInterval().toMillis();
      maintenance.scheduleWithFixedDelay(snapshots::snapshotQuietly, every, every, TimeUnit.MILLISECONDS);
    }
    started = true;
  }

  /** Binds one server, naming the key and address when the port is taken (Netty rethrows it undeclared). */
  private static InetSocketAddress bind(String key, Endpoint endpoint, Binder binder) throws InterruptedException {
    try {
      return binder.bind(endpoint);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen on " + key + " " + endpoint + ": " + e.getMessage(), e);
    }
  }

  /** One WARNING per port reachable from other hosts without TLS or tokens; tokens are never part of it. */
  private void warnIfExposed() {
    String query = ExposureCheck.warning("query port (query.address)", queryAddress, security.queryTls() != null,
        security.queries().enabled(), "security.query-tls", "security.query-tokens");
    String ingest = ExposureCheck.warning("ingest port (ingest.address)", ingestAddress,
        security.ingestTls() != null, security.agents().enabled(), "security.ingest-tls", "security.agent-tokens");
    for (String warning : new String[] {query, ingest}) {
      if (warning != null) {
        log.warning(warning);
      }
    }
  }

  private interface Binder {
    InetSocketAddress bind(Endpoint endpoint) throws InterruptedException;
  }

  /** The bound ingest address (the real port when configured with port 0). */
  public InetSocketAddress ingestAddress() { return ingestAddress; }

  /** The bound query address (the real port when configured with port 0). */
  public InetSocketAddress queryAddress() { return queryAddress; }

  public CollectorConfig config() { return config; }

  public SeriesStore store() { return store; }

  public AgentLedger agents() { return ledger; }

  public IngestStats ingestStats() { return ingestStats; }

  /**
   * A gateway answers the analysis routes (anomalies, incidents, topology) from the cluster's topics, as every node
   * of a scale-out deployment does, instead of from its own analysis, which sees no batches; series queries go to
   * an analyzer.
   */
  private void followCluster(ClusterConfig cluster, LiveConfig liveConfig, InternalHop hop) {
    ClusterConfig.Topics t = cluster.topics();
    java.util.Map<String, Object> clientProperties = new java.util.HashMap<>(cluster.clientProperties());
    clusterView = dev.faultline.collector.cluster.analysis.ClusterView.start(cluster.bootstrapServers(),
        t.anomalies(), t.incidents(), t.topology(), config.dataDir().resolve("cluster-view"),
        liveConfig.maxAnomalies(), liveConfig.maxIncidents(), liveConfig.edgeTtl(), clientProperties);
    new AnalysisRoutes(clusterView).register(router);
    new GatewaySeriesRoutes(clusterView, hop).register(router); // series live on the analyzers
    ClusterRegistryRoutes.forGateway(cluster.nodeId(), clusterView, new StoreRoutes(store), hop).register(router);
  }

  /** The analyzer of a {@code cluster.role: gateway,analyzer} node; null otherwise. */
  public AnalyzerNode analyzer() { return analyzer; }

  /** The gateway role's Kafka sink; null unless {@code cluster.role} includes gateway. */
  public KafkaBatchLog gateway() { return gateway; }

  /** Detection, anomalies, incidents and topology. */
  public LiveAnalysis live() { return live; }

  /** The performance models, trained in the background from the store. */
  public PerfModelling perf() { return perf; }
  /** {@code GET /metrics}: other parts register their own metrics in {@code metrics().registry()}. */
  public CollectorMetrics metrics() { return metrics; }

  /**
   * The parts a SIGHUP reloads (detector rules, notifications); add yours here (e.g. agent tokens). Read at each
   * reload by {@link dev.faultline.collector.reload.ConfigReloader}.
   */
  public List<Reloadable> reloadables() { return reloadables; }

  /** The latest reload's outcome ({@code /healthz} {@code config}, {@code /metrics}). */
  public ReloadStatus reloadStatus() { return reloadStatus; }

  /** Incident notifications (targets, outbox, log). */
  public Notifier notifier() { return notifier; }

  /** The query route table; add routes before clients call them (later features register theirs here). */
  public Router router() { return router; }

  /**
   * Writes a snapshot of the store now (tests, benchmarks); the collector also does so every {@code
   * storage.snapshot-interval} and on close.
   *
   * @return whether one was written (false without a WAL, or when nothing was logged since the last one)
   */
  public boolean snapshot() throws IOException {
    return snapshots != null && snapshots.snapshot();
  }

  /** The write-ahead log's counters now (bytes and records written, fsyncs); null without a WAL. */
  public dev.faultline.collector.wal.WalStats walStats() { return durable == null ? null : durable.stats(); }

  /** What the start replayed from the write-ahead log (after the snapshot, if any); null without a WAL. */
  public ReplaySummary startupReplay() { return startupReplay; }

  /** Stops accepting, closes all connections and both servers. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    maintenance.shutdownNow();
    ingestServer.close();
    if (gateway != null) {
      gateway.close(); // after ingest stopped: what Kafka acknowledged meanwhile was not acked to agents; resent
    }
    if (analyzer != null) {
      analyzer.close(); // before the query port closes: its routes are on it
    }
    events.close();
    if (snapshots != null && started) {
      try {
        maintenance.awaitTermination(5, TimeUnit.SECONDS); // a periodic snapshot may be running
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      snapshots.snapshotQuietly(); // the next start replays only what was unapplied at this point
    }
    if (durable != null) {
      try {
        durable.close(); // after ingest stopped: pending appends become durable, then the log is closed cleanly
      } catch (IOException e) {
        log.warning("closing the write-ahead log failed: " + e.getMessage());
      }
    }
    queryServer.close();
    if (clusterView != null) {
      clusterView.close();
    }
    perf.close();
    live.close();
    notifier.close(); // after live analysis: the last resolve notices are in the outbox
    log.info("stopped");
  }

  private void maintain() {
    long now = System.currentTimeMillis();
    long dropped = store.evictExpired(now);
    ledger.evictDisconnectedBefore(now - config.retention().toMillis());
    if (dropped > 0) {
      log.fine(() -> "retention dropped " + dropped + " points");
    }
    if (durable != null) {
      try {
        durable.wal().enforceRetention(); // age-based retention acts even while no segment fills up
      } catch (IOException e) {
        log.fine(() -> "WAL retention failed; retried next time: " + e.getMessage());
      }
    }
  }

  private void fanOut(DecodedBatch batch, List<BatchSink> downstream) {
    store.append(batch);
    for (BatchSink sink : downstream) {
      sink.accept(batch);
    }
  }

  private static void closeQuietly(DurableLog durable) {
    if (durable == null) {
      return;
    }
    try {
      durable.close();
    } catch (IOException | RuntimeException e) {
      log.warning("closing the write-ahead log failed: " + e.getMessage());
    }
  }
}
