package dev.faultline.collector;

import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.collector.ingest.DurableLog;
import dev.faultline.collector.ingest.IngestContext;
import dev.faultline.collector.ingest.IngestLimits;
import dev.faultline.collector.ingest.IngestServer;
import dev.faultline.collector.ingest.IngestStats;
import dev.faultline.collector.live.LiveAnalysis;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.query.AnalysisRoutes;
import dev.faultline.collector.query.EventHub;
import dev.faultline.collector.query.QueryLimits;
import dev.faultline.collector.query.QueryServer;
import dev.faultline.collector.query.Router;
import dev.faultline.collector.query.StatusRoutes;
import dev.faultline.collector.query.StoreRoutes;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.wal.FsyncPolicy;
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
 * try (Collector collector = Collector.start(config)) {
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
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DurableLog durable;
  private InetSocketAddress ingestAddress;
  private InetSocketAddress queryAddress;

  private Collector(CollectorConfig config, SeriesStore store, LiveAnalysis live, List<BatchSink> downstream,
      DurableLog durable) {
    this.config = config;
    this.durable = durable;
    this.store = store;
    this.live = live;
    this.events = new EventHub(QueryServer.jsonMapper(), live.config().maxSubscribers(), 15_000);
    live.events(events);
    BatchSink sink = downstream.isEmpty() ? store::append : batch -> fanOut(batch, downstream);
    this.ingestServer = new IngestServer(new IngestContext(config.maxFrameBytes(),
        config.handshakeTimeout().toMillis(), config.maxSeriesPerConnection(), sink, ledger, ingestStats,
        System::currentTimeMillis, durable, new IngestLimits(config.maxConnections(), config.maxBytesPerSecond(),
        config.maxSeriesPerAgent())), config.idleTimeout().toMillis());
    new StatusRoutes(store, ledger, ingestStats, System.currentTimeMillis(), durable == null ? null : durable::stats)
        .register(router);
    new StoreRoutes(store).register(router);
    new AnalysisRoutes(live).register(router);
    router.stream("/api/v1/events", events);
    this.queryServer = new QueryServer(router, System::currentTimeMillis, new QueryLimits(
        config.queryMaxRequestBytes(), config.queryRequestTimeout().toMillis(), config.queryMaxPageSize()));
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faultline-maintenance");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts a collector with no downstream sinks (store only; durable per {@code storage.wal}). */
  public static Collector start(CollectorConfig config) throws InterruptedException {
    return start(config, List.of());
  }

  /**
   * Starts a collector; every applied batch goes to the store first, then to each of {@code downstream} (for
   * example a detector queue) before the agent gets its ack.
   *
   * @throws UncheckedIOException when the data directory cannot be created
   * @throws InterruptedException when interrupted while binding
   */
  public static Collector start(CollectorConfig config, List<BatchSink> downstream) throws InterruptedException {
    return start(config, LiveConfig.defaults(), downstream);
  }

  /**
   * Starts a collector with live analysis configured by {@code liveConfig} (the {@code detection:} section): the
   * detection queue is the last of the downstream sinks.
   */
  public static Collector start(CollectorConfig config, LiveConfig liveConfig, List<BatchSink> downstream)
      throws InterruptedException {
    SeriesStore store = new SeriesStore(config.retention().toMillis(), config.maxMemoryBytes(),
        config.maxPointsPerSeries(), System::currentTimeMillis);
    LiveAnalysis live = LiveAnalysis.start(liveConfig, config.dataDir(), store, System::currentTimeMillis);
    List<BatchSink> sinks = new ArrayList<>(downstream);
    if (live.sink() != null) {
      sinks.add(live.sink());
    }
    DurableLog durable = null;
    Collector c;
    try {
      durable = config.wal() ? openWal(config) : null;
      c = new Collector(config, store, live, List.copyOf(sinks), durable);
    } catch (RuntimeException e) {
      live.close();
      closeQuietly(durable);
      throw e;
    }
    try {
      if (durable != null) {
        durable.replay(c.ledger, c.store::append); // before ingest binds: detectors see only live batches
      }
      c.doStart();
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
    maintenance.scheduleAtFixedRate(this::maintain, MAINTENANCE_PERIOD_SECONDS, MAINTENANCE_PERIOD_SECONDS,
        TimeUnit.SECONDS);
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

  /** Detection, anomalies, incidents and topology. */
  public LiveAnalysis live() { return live; }

  /** The query route table; add routes before clients call them (later features register theirs here). */
  public Router router() { return router; }

  /** Stops accepting, closes all connections and both servers. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    maintenance.shutdownNow();
    ingestServer.close();
    events.close();
    if (durable != null) {
      try {
        durable.close(); // after ingest stopped: pending appends become durable, then the log is closed cleanly
      } catch (IOException e) {
        log.warning("closing the write-ahead log failed: " + e.getMessage());
      }
    }
    queryServer.close();
    live.close();
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
