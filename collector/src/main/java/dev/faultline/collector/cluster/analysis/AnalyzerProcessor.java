package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.cluster.BatchEnvelope;
import dev.faultline.collector.ingest.PortableBatchCodec;
import dev.faultline.collector.live.AnalysisTimings;
import dev.faultline.collector.live.AnomalyListener;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.live.RecentPoints;
import dev.faultline.collector.live.StreamDetection;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.proto.v1.EdgeStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The analyzer of one partition of the batches topic (one stream task): the single node's detectors ({@link
 * StreamDetection}) over the partition's series, their recent points in the changelog-backed store {@link
 * AnalyzerTopology#POINTS_STORE} (see {@link SeriesWindow} for the records), alert transitions to the anomalies topic and call edges and instances to the
 * topology topic.
 *
 * <p>Each series' detector state is also checkpointed periodically into {@link AnalyzerTopology#CHECKPOINTS_STORE}
 * ({@link DetectorCheckpoints}). When a partition moves, the new owner's {@link #init} restores every series'
 * detectors from its checkpoint and replays the window's points after it, silently: the detectors continue exactly
 * where the old owner's were, even those that learn from more than the window (a seasonal profile). A series
 * without a usable checkpoint (new since the last one, or the window no longer reaching back to it) is rebuilt
 * from its window, as a single collector does after a restart ({@link
 * dev.faultline.collector.live.LiveAnalysis#warmUp}); so are the entity (clustering) detectors, which have no
 * checkpoint. Either way alerts that were open are reported once, with the time they opened and therefore under
 * the same id ({@link AnomalyMessage#idOf}), and nothing that was normal alerts again.
 *
 * <p>At-least-once processing re-delivers the records after the last commit to the new owner: a sample not newer
 * than its series' window is skipped, so a re-delivered batch is applied once. Runs on the task's stream thread.
 */
final class AnalyzerProcessor implements Processor<String, byte[], String, byte[]> {

  private static final Logger log = Logger.getLogger(AnalyzerProcessor.class.getName());
  /** How often an instance is announced again on the topology topic while it reports. */
  static final long INSTANCE_REFRESH_MILLIS = 60_000;

  private final LiveConfig config;
  private final Executor training;
  private final SeriesStore queryStore;
  private final int windowPoints;
  private final long checkpointMillis;
  private final long idleMillis;
  private final AnalysisTimings timings;
  private final PortableBatchCodec.Decoder decoder = new PortableBatchCodec.Decoder();
  private final Map<String, SeriesWindow> windows = new HashMap<>();
  private final Map<Long, AnomalyMessage> open = new HashMap<>();
  private final Map<String, Long> instancesAnnounced = new HashMap<>();
  /** Records raised outside {@link #process} (the warm-up in init), forwarded by the next punctuation. */
  private final List<Record<String, byte[]>> pending = new ArrayList<>();
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> points;
  private DetectorCheckpoints checkpoints;
  private StreamDetection detection;
  private boolean processing;
  private long warmedPoints;
  private int restoredSeries;

  /**
   * @param queryStore also gets every applied sample, for the node's series queries
   * @param windowPoints points kept per series in the store (what a moved partition's detectors replay after their
   *     checkpoint, or relearn from without one)
   * @param checkpointMillis each series' detector state is checkpointed this often (see {@link DetectorCheckpoints})
   * @param idleMillis a series silent this long is dropped from the store
   */
  AnalyzerProcessor(LiveConfig config, Executor training, SeriesStore queryStore, int windowPoints,
      long checkpointMillis, long idleMillis, AnalysisTimings timings) {
    this.idleMillis = idleMillis;
    this.checkpointMillis = checkpointMillis;
    this.config = config;
    this.training = training;
    this.queryStore = queryStore;
    this.windowPoints = windowPoints;
    this.timings = timings;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.points = context.getStateStore(AnalyzerTopology.POINTS_STORE);
    this.detection = new StreamDetection(config, new Listener(), this::edges, training, timings);
    Map<String, byte[]> metas = new HashMap<>();
    Map<String, java.util.SortedMap<Long, byte[]>> chunks = new HashMap<>();
    try (KeyValueIterator<String, byte[]> it = points.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        String id = SeriesWindow.seriesId(kv.key);
        long chunk = SeriesWindow.chunkNumber(kv.key);
        if (chunk < 0) {
          metas.put(id, kv.value);
        } else {
          chunks.computeIfAbsent(id, k -> new java.util.TreeMap<>()).put(chunk, kv.value);
        }
      }
    }
    metas.forEach((id, meta) -> {
      try {
        windows.put(id, SeriesWindow.restore(meta, chunks.getOrDefault(id, new java.util.TreeMap<>()),
            windowPoints));
      } catch (IllegalArgumentException e) {
        log.warning("skipping a damaged points window of " + id + ": " + e.getMessage());
      }
    });
    restoreDetectors();
    windows.values().forEach(this::seedQueryStore);
    log.info(() -> "analyzer task " + context.taskId() + ": " + windows.size() + " series, " + restoredSeries
        + " detector states restored from their checkpoints, then " + warmedPoints + " window points fed (those a"
        + " checkpoint covers to the entities only), "
        + pending.size() + " open anomalies re-reported");
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
      flushPending(now);
      checkpoints.tick(windows, detection);
    });
    context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::forgetIdle);
  }

  /**
   * Each series' detectors from its checkpoint plus the window's points after it (exact), or, without a usable
   * checkpoint, from the window alone (as a restart would).
   */
  private void restoreDetectors() {
    checkpoints = new DetectorCheckpoints(context.getStateStore(AnalyzerTopology.CHECKPOINTS_STORE),
        checkpointMillis, 1000);
    Map<String, DetectorCheckpoints.Saved> saved = checkpoints.loadAll();
    Map<String, StreamDetection.Checkpoint> usable = new HashMap<>();
    windows.forEach((id, w) -> {
      DetectorCheckpoints.Saved c = saved.get(id);
      boolean use = c != null && DetectorCheckpoints.usable(c, w);
      if (use) {
        usable.put(id, new StreamDetection.Checkpoint(c.upToMillis(), c.state()));
      }
      checkpoints.track(id, use ? c.pointNumber() : -1);
    });
    saved.keySet().stream().filter(id -> !windows.containsKey(id)).toList().forEach(checkpoints::forgetStored);
    StreamDetection.WarmUp done = detection.warmUp(recentPoints(), key -> usable.get(key.id()));
    warmedPoints = done.points();
    restoredSeries = done.restoredSeries();
  }

  @Override
  public void process(Record<String, byte[]> record) {
    DecodedBatch batch;
    try {
      batch = BatchEnvelope.decode(record.value()).decode(decoder);
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "skipping an undecodable batch record (key " + record.key() + ")", e);
      return;
    }
    flushPending(record.timestamp());
    DecodedBatch fresh = newSamples(batch);
    queryStore.append(fresh);
    announce(batch.agent(), record.timestamp());
    processing = true;
    try {
      detection.process(fresh);
    } finally {
      processing = false;
    }
  }

  /** The samples newer than their series' window, appended to the windows (and the store, once per series). */
  private DecodedBatch newSamples(DecodedBatch batch) {
    int n = batch.sampleCount();
    SeriesRef[] refs = new SeriesRef[n];
    long[] ts = new long[n];
    double[] vs = new double[n];
    int kept = 0;
    Map<String, Long> firstNew = new LinkedHashMap<>(); // per series touched: the number of its first new point
    for (int i = 0; i < n; i++) {
      SeriesRef ref = batch.series()[i];
      String id = ref.key().id();
      SeriesWindow w = windows.get(id);
      if (w == null) {
        w = new SeriesWindow(ref.key(), ref.type(), ref.unit());
        windows.put(id, w);
        checkpoints.track(id, -1);
        points.put(SeriesWindow.metaKey(id), w.encodeMeta());
      } else if (batch.timestamps()[i] <= w.lastTimestamp()) {
        continue; // applied before: a re-delivery after a failover
      }
      firstNew.putIfAbsent(id, w.total());
      w.append(batch.timestamps()[i], batch.values()[i], windowPoints);
      refs[kept] = ref;
      ts[kept] = batch.timestamps()[i];
      vs[kept] = batch.values()[i];
      kept++;
    }
    firstNew.forEach(this::store);
    if (kept == n) {
      return batch;
    }
    return new DecodedBatch(batch.agent(), batch.sequence(), batch.droppedBatches(), kept, refs, ts, vs,
        batch.histograms(), kept == 0 ? List.of() : batch.edges(), batch.events());
  }

  /** Rewrites the chunks {@code id}'s new points went to; deletes those that fell out of the window. */
  private void store(String id, long firstNewPoint) {
    SeriesWindow w = windows.get(id);
    long from = firstNewPoint / SeriesWindow.CHUNK;
    long to = (w.total() - 1) / SeriesWindow.CHUNK;
    for (long c = from; c <= to; c++) {
      points.put(SeriesWindow.chunkKey(id, c), w.encodeChunk(c));
      long old = c - keptChunks();
      if (c > from || firstNewPoint % SeriesWindow.CHUNK == 0) { // chunk c is new: one older one goes
        if (old >= 0) {
          points.delete(SeriesWindow.chunkKey(id, old));
        }
      }
    }
  }

  /** Chunks kept per series: enough for a full window whatever its alignment. */
  private int keptChunks() {
    return windowPoints / SeriesWindow.CHUNK + 2;
  }

  /** Series silent for {@code idleMillis} (by data time against the wall clock) leave the store. */
  private void forgetIdle(long nowMillis) {
    windows.entrySet().removeIf(e -> {
      boolean idle = nowMillis - e.getValue().lastTimestamp() > idleMillis;
      if (idle) {
        long last = (e.getValue().total() - 1) / SeriesWindow.CHUNK;
        for (long c = Math.max(0, last - keptChunks()); c <= last; c++) {
          points.delete(SeriesWindow.chunkKey(e.getKey(), c));
        }
        points.delete(SeriesWindow.metaKey(e.getKey()));
        checkpoints.forget(e.getKey());
      }
      return idle;
    });
  }

  private void edges(DecodedBatch batch) {
    for (EdgeStats e : batch.edges()) {
      emit(AnalyzerTopology.TOPOLOGY_SINK, TopologyRecords.edgeKey(e), e.toByteArray());
    }
  }

  private void announce(AgentInfo agent, long nowMillis) {
    String key = TopologyRecords.instanceKey(agent);
    Long last = instancesAnnounced.get(key);
    if (last == null || nowMillis - last >= INSTANCE_REFRESH_MILLIS) {
      instancesAnnounced.put(key, nowMillis);
      processing = true;
      try {
        emit(AnalyzerTopology.TOPOLOGY_SINK, key, TopologyRecords.instanceValue(agent, nowMillis));
      } finally {
        processing = false;
      }
    }
  }

  private void emit(String sink, String key, byte[] value) {
    Record<String, byte[]> r = new Record<>(key, value, System.currentTimeMillis());
    if (processing) {
      context.forward(r, sink);
    } else {
      pending.add(r.withHeaders(r.headers().add("sink", sink.getBytes(StandardCharsets.UTF_8))));
    }
  }

  private void flushPending(long now) {
    if (pending.isEmpty()) {
      return;
    }
    List<Record<String, byte[]>> out = new ArrayList<>(pending);
    pending.clear();
    for (Record<String, byte[]> r : out) {
      String sink = new String(r.headers().lastHeader("sink").value(), StandardCharsets.UTF_8);
      r.headers().remove("sink");
      context.forward(r.withTimestamp(now), sink);
    }
  }

  private RecentPoints recentPoints() {
    return new RecentPoints() {
      @Override
      public List<SeriesKey> keys(Predicate<SeriesKey> filter) {
        List<SeriesKey> keys = new ArrayList<>();
        windows.values().forEach(w -> {
          if (filter.test(w.key())) {
            keys.add(w.key());
          }
        });
        return keys;
      }

      @Override
      public History read(SeriesKey key) {
        SeriesWindow w = windows.get(key.id());
        return w == null ? new History(key, "", "", new long[0], new double[0]) : w.history();
      }
    };
  }

  /** A moved partition's recent points become queryable here too. */
  private void seedQueryStore(SeriesWindow w) {
    RecentPoints.History h = w.history();
    int n = h.timestamps().length;
    if (n == 0) {
      return;
    }
    SeriesKey k = w.key();
    SeriesRef ref = new SeriesRef(k, w.type(), w.unit());
    SeriesRef[] refs = new SeriesRef[n];
    java.util.Arrays.fill(refs, ref);
    AgentInfo agent = new AgentInfo("", k.service(), k.instance(), k.host(), 0, "", "", "", 0);
    queryStore.append(new DecodedBatch(agent, 0, 0, n, refs, h.timestamps(), h.values(), List.of(), List.of(),
        List.of()));
  }

  /** Points fed to the detectors (or, before a checkpoint, to entities) by the warm-up at assignment (tests). */
  long warmedPoints() {
    return warmedPoints;
  }

  /** Series whose detectors were restored from a checkpoint at assignment (tests, logs). */
  int restoredSeries() {
    return restoredSeries;
  }

  /** The detector state of {@code key} as a checkpoint holds it, or null (tests: compare two owners). */
  byte[] detectorState(SeriesKey key) {
    return detection.checkpoint(key);
  }

  /** Writes every series' checkpoint now (tests: the state at a chosen point). */
  void checkpointAll() {
    windows.forEach((id, w) -> checkpoints.writeNow(id, w, detection));
  }

  /** Alert transitions, numbered by series and opening time, to the anomalies topic. */
  private final class Listener implements AnomalyListener {
    @Override
    public long opened(SeriesKey series, long timeMillis, double score) {
      AnomalyMessage a = AnomalyMessage.opened(series, timeMillis, score);
      open.put(a.id(), a);
      emit(AnalyzerTopology.ANOMALY_SINK, Long.toString(a.id()), ClusterJson.write(a));
      return a.id();
    }

    @Override
    public void closed(long id, long timeMillis, double peakScore) {
      AnomalyMessage a = open.remove(id);
      if (a != null) {
        AnomalyMessage c = a.closed(timeMillis, peakScore);
        emit(AnalyzerTopology.ANOMALY_SINK, Long.toString(id), ClusterJson.write(c));
      }
    }
  }
}
