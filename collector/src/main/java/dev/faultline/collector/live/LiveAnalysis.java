package dev.faultline.collector.live;

import dev.faultline.collector.incident.AnomalyEvent;
import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.incident.IncidentGrouper;
import dev.faultline.collector.incident.IncidentStore;
import dev.faultline.collector.incident.RootCauseAnalysis;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.collector.live.rca.LiveRootCause;
import dev.faultline.collector.live.rca.RcaConfig;
import dev.faultline.collector.live.rca.RcaScheduler;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.store.Registry;
import dev.faultline.collector.store.SeriesStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Live analysis of one collector: detection ({@link DetectionSink}), anomalies ({@link AnomalyLog}), incidents
 * ({@link IncidentGrouper} + {@link IncidentStore}), the call graph ({@link EdgeTable}) and change events.
 *
 * <pre>{@code
 * LiveAnalysis live = LiveAnalysis.start(LiveConfig.defaults(), dataDir, store, System::currentTimeMillis);
 * live.events(hub);                                 // optional: publish changes
 * Collector wiring: live.sink() is one of the BatchSinks behind the store
 * }</pre>
 *
 * <p>Anomaly and incident changes are serialised by this object's lock (workers of different series report
 * concurrently); the grouper itself is pure. A scheduled thread ({@code faultline-analysis}) resolves quiet
 * incidents and ages out edges every {@link #TICK_SECONDS} s using the wall clock. Root-cause analysis runs on
 * its own thread ({@link RcaScheduler}): each incident the grouper opens or grows is queued there, and each result
 * is stored with the incident and announced as an {@code rca} event.
 */
public final class LiveAnalysis implements AnomalyListener, AnalysisView, AutoCloseable {

  public static final long TICK_SECONDS = 5;

  private static final Logger log = Logger.getLogger(LiveAnalysis.class.getName());

  private final LiveConfig config;
  private final SeriesStore store;
  private final LongSupplier clock;
  private final AnomalyLog anomalies;
  private final EdgeTable edges;
  private final IncidentStore incidents;
  private final IncidentGrouper grouper;
  private final DetectionSink sink;
  private final RcaConfig rcaConfig;
  private final RcaScheduler rca;
  private final ScheduledExecutorService ticker;
  private final AnalysisTimings timings = new AnalysisTimings();
  private volatile LiveEvents events = LiveEvents.NONE;
  /** True until {@link #warmUp} ran: restored incidents must not resolve while the detectors are catching up. */
  private volatile boolean warming = true;
  private volatile IncidentListener incidentListener = IncidentListener.NONE;
  private long droppedReported;

  private LiveAnalysis(LiveConfig config, RcaConfig rcaConfig, Path dataDir, SeriesStore store,
      java.util.function.Function<Incident, SeriesStore> rcaHistory, LongSupplier clock) {
    this.config = config;
    this.rcaConfig = rcaConfig;
    this.store = store;
    this.clock = clock;
    this.anomalies = new AnomalyLog(config.maxAnomalies());
    this.edges = new EdgeTable(config.edgeTtl().toMillis(), 10_000);
    this.incidents = IncidentStore.open(dataDir, config.maxIncidents());
    this.grouper = new IncidentGrouper(config.incidentWindow(), config.quietPeriod(), edges,
        incidents.nextSequence());
    incidents.list(Incident::isOpen).forEach(grouper::restore);
    this.sink = config.enabled() ? new DetectionSink(config, this, b -> {
      if (!b.edges().isEmpty() && edges.record(b.edges(), clock.getAsLong())) {
        publishTopology();
      }
    }, timings) : null;
    LiveRootCause rootCause = new LiveRootCause(rcaHistory, edges, rcaConfig, clock);
    this.rca = rcaConfig.enabled()
        ? new RcaScheduler(rcaConfig, incidents::get, incident -> timedAnalysis(rootCause, incident), this::analysed, System::nanoTime)
        : null;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faultline-analysis");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens the incident store under {@code dataDir} and starts the workers and the ticker. */
  public static LiveAnalysis start(LiveConfig config, Path dataDir, SeriesStore store, LongSupplier clock) {
    return start(config, RcaConfig.defaults(), dataDir, store, clock);
  }

  /** As {@link #start(LiveConfig, Path, SeriesStore, LongSupplier)}, with root-cause analysis per {@code rca}. */
  public static LiveAnalysis start(LiveConfig config, RcaConfig rca, Path dataDir, SeriesStore store,
      LongSupplier clock) {
    return start(config, rca, dataDir, store, incident -> store, clock);
  }

  /**
   * As {@link #start(LiveConfig, RcaConfig, Path, SeriesStore, LongSupplier)}, with root-cause analysis reading each
   * incident's history from the store {@code rcaHistory} gives for it (the scale-out global step fetches it from
   * the analyzers that hold the series; a single node passes its own store).
   */
  public static LiveAnalysis start(LiveConfig config, RcaConfig rca, Path dataDir, SeriesStore store,
      java.util.function.Function<Incident, SeriesStore> rcaHistory, LongSupplier clock) {
    LiveAnalysis live = new LiveAnalysis(config, rca, dataDir, store, rcaHistory, clock);
    if (live.sink != null) {
      live.sink.start();
    }
    live.ticker.scheduleWithFixedDelay(live::tickSafely, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    return live;
  }

  /**
   * Swaps the detector rules (a config reload): each worker closes its open anomalies and rebuilds every series'
   * detector from its next batch on. Other keys of {@link LiveConfig} (bounds, threads) need a restart.
   */
  public void reconfigure(dev.faultline.collector.detect.config.DetectionConfig rules) {
    if (sink != null) {
      sink.reconfigure(rules);
    }
  }

  /**
   * Rebuilds detector state from the recovered points before ingest starts (see {@link DetectionSink#warmUp}): no
   * re-learning into an alert storm after a restart, and anomalies open at shutdown continue their incidents.
   * Until it has run, quiet incidents are not resolved. Returns the points fed.
   */
  public long warmUp(RecentPoints recovered) {
    try {
      if (sink == null) {
        return 0;
      }
      long started = System.nanoTime();
      long points = sink.warmUp(recovered);
      if (points > 0) {
        log.info(String.format(java.util.Locale.ROOT, "detectors warmed up on %d recovered points in %.2f s",
            points, (System.nanoTime() - started) / 1e9));
      }
      return points;
    } finally {
      warming = false;
    }
  }

  /** Who hears of incident changes from now on (notifications). */
  public void onIncidentChange(IncidentListener listener) {
    this.incidentListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Where change events go from now on. */
  public void events(LiveEvents target) {
    this.events = target;
  }

  /** The batch sink to put behind the store; null when detection is disabled. */
  public BatchSink sink() {
    return sink;
  }

  public DetectionSink detection() {
    return sink;
  }

  /** Durations of detection batches and root-cause rankings, for {@code /metrics}. */
  public AnalysisTimings timings() {
    return timings;
  }

  public LiveConfig config() {
    return config;
  }

  @Override
  public AnomalyLog anomalies() {
    return anomalies;
  }

  @Override
  public IncidentStore incidents() {
    return incidents;
  }

  public EdgeTable edges() {
    return edges;
  }

  public RcaConfig rcaConfig() {
    return rcaConfig;
  }

  /** Waits until no root-cause analysis is queued or running (tests); true at once when RCA is off. */
  public boolean awaitRcaIdle(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
    return rca == null || rca.awaitIdle(timeout, unit);
  }

  /** One analysis, its duration recorded for {@code /metrics} (faultline_rca_duration_seconds). */
  private RootCauseAnalysis timedAnalysis(LiveRootCause rootCause, Incident incident) {
    long t0 = System.nanoTime();
    try {
      return rootCause.analyze(incident);
    } finally {
      timings.rca(System.nanoTime() - t0);
    }
  }

  /** Stores an analysis with its incident, tells the listener (a new root cause) and announces it (RCA thread). */
  private void analysed(String id, RootCauseAnalysis analysis) {
    Incident before = incidents.get(id);
    Incident updated = incidents.attachRca(id, analysis);
    if (updated != null) {
      tell(before, updated);
      events.publish("rca", ApiViews.rcaEvent(updated));
      events.publish("incident", ApiViews.incident(updated));
    }
  }

  @Override
  public long opened(SeriesKey key, long timeMillis, double score) {
    Anomaly a = anomalies.open(key.id(), key.service(), key.instance(), key.host(), key.metric(), timeMillis, score);
    events.publish("anomaly", ApiViews.anomaly(a));
    group(new AnomalyEvent(a.id(), a.series(), a.service(), a.host(), a.metric(), timeMillis, score, false));
    publishTopology();
    return a.id();
  }

  @Override
  public void closed(long id, long timeMillis, double peakScore) {
    Anomaly a = anomalies.close(id, timeMillis, peakScore);
    if (a == null) {
      return;
    }
    events.publish("anomaly", ApiViews.anomaly(a));
    group(new AnomalyEvent(a.id(), a.series(), a.service(), a.host(), a.metric(), a.endMillis(), a.score(), true));
    publishTopology();
  }

  private void group(AnomalyEvent e) {
    Incident changed;
    Incident stored = null;
    synchronized (grouper) {
      changed = grouper.onAnomaly(e);
      if (changed != null) {
        store(changed);
        stored = incidents.get(changed.id()); // with the root-cause analysis kept from earlier runs
      }
    }
    if (changed != null) {
      events.publish("incident", ApiViews.incident(stored == null ? changed : stored));
      // During the restart warm-up the anomalies open at shutdown rejoin their incident: it was analysed with them
      // already, with the call graph of then, so keep the stored analysis.
      boolean rejoining = warming && stored != null && stored.rca() != null;
      if (rca != null && !rejoining) {
        rca.changed(changed);
      }
    }
  }

  /** Tells the listener, then stores; called with the grouper's lock held. */
  private void store(Incident changed) {
    Incident before = incidents.get(changed.id());
    // The store keeps an earlier root-cause analysis when the grouper's update has none: so does the listener.
    tell(before, changed.rca() == null && before != null && before.rca() != null ? changed.withRca(before.rca())
        : changed);
    incidents.put(changed);
  }

  private void tell(Incident before, Incident after) {
    try {
      incidentListener.changed(before, after);
    } catch (RuntimeException ex) {
      log.log(Level.WARNING, "incident listener failed on " + after.id(), ex);
    }
  }

  /** Resolves quiet incidents and ages out edges as of {@code nowMillis}. Visible for testing. */
  public void tick(long nowMillis) {
    List<Incident> resolved;
    synchronized (grouper) {
      resolved = warming ? List.of() : grouper.tick(nowMillis);
      resolved.forEach(this::store);
    }
    for (Incident i : resolved) {
      Incident stored = incidents.get(i.id()); // with its root-cause analysis; null if evicted meanwhile
      events.publish("incident", ApiViews.incident(stored == null ? i : stored));
    }
    if (rca != null) {
      resolved.forEach(i -> rca.forget(i.id()));
      synchronized (grouper) {
        rca.refresh(grouper.open());
      }
    }
    if (edges.expire(nowMillis)) {
      publishTopology();
    }
    reportDrops();
  }

  /** One warning per tick with drops, never one per batch. */
  private synchronized void reportDrops() {
    long dropped = sink == null ? 0 : sink.droppedBatches();
    if (dropped > droppedReported) {
      long delta = dropped - droppedReported;
      droppedReported = dropped;
      log.warning(() -> "detection queue full: " + delta + " batch hand-offs dropped since the last report ("
          + "detectors skipped those samples; raise detection.workers or detection.queue-batches)");
    }
  }

  private void tickSafely() {
    try {
      tick(clock.getAsLong());
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "analysis tick failed", e);
    }
  }

  private void publishTopology() {
    if (events != LiveEvents.NONE) {
      events.publish("topology", topology());
    }
  }

  /** The Topology schema: known services (with their instances) and dependencies, and the current edges. */
  @Override
  public Map<String, Object> topology() {
    Map<String, List<String>> instances = new LinkedHashMap<>();
    for (Registry.Service s : store.registry().services()) {
      List<String> names = new ArrayList<>();
      s.instances().forEach(i -> names.add(i.instance()));
      instances.put(s.name(), names);
    }
    Set<String> anomalous = new TreeSet<>();
    anomalies.list(Anomaly::isOpen).forEach(a -> anomalous.add(a.service()));
    return ApiViews.topology(instances, edges.edges(), anomalous);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (rca != null) {
      rca.close();
    }
    if (sink != null) {
      sink.close();
    }
    incidents.close();
  }
}
