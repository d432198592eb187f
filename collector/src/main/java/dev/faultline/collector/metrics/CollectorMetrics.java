package dev.faultline.collector.metrics;

import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.AgentSession;
import dev.faultline.collector.ingest.IngestStats;
import dev.faultline.collector.live.LiveAnalysis;
import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.live.Anomaly;
import dev.faultline.collector.query.RawResponse;
import dev.faultline.collector.query.Router;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.wal.WalState;
import dev.faultline.collector.wal.WalStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The collector's own metrics on {@code GET /metrics}. Values are read from the components' existing counters at
 * scrape time (callback metrics), so ingest pays nothing extra; durations that have no counter elsewhere
 * (fsync, detection batch, root-cause ranking) are histograms fed by small observer hooks.
 *
 * <pre>{@code
 * CollectorMetrics metrics = new CollectorMetrics();
 * metrics.ingest(ledger, stats).store(store).live(live).wal(durable::stats, durable.wal()::fsyncObserver);
 * metrics.register(router);                     // GET /metrics
 * Counter c = Counter.builder().name("x").register(metrics.registry());   // other parts add theirs
 * }</pre>
 *
 * <p>Metric names are a public interface (dashboards and alert rules use them): add, never rename.
 */
public final class CollectorMetrics {

  /** fsync latencies worth telling apart: 50 us (NVMe) to 2.5 s (a struggling disk). */
  private static final double[] FSYNC_BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
      0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  /** Detection batches and rankings: 10 us to 10 s. */
  private static final double[] ANALYSIS_BUCKETS = {0.00001, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1,
      5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  /** A registry with the collector's JVM metrics (memory, GC, threads, classes, process) already in it. */
  public CollectorMetrics() {
    JvmMetrics.builder().register(registry);
  }

  /** The registry; other components register their own metrics here. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Agents, ingested samples and bytes, batches, rejected frames by cause, drops reported by agents. */
  public CollectorMetrics ingest(AgentLedger ledger, IngestStats stats) {
    GaugeWithCallback.builder().name("faultline_agents_connected")
        .help("Agent and host-probe connections with a completed handshake")
        .callback(cb -> cb.call(ledger.sessions().stream().filter(AgentSession::isConnected).count()))
        .register(registry);
    GaugeWithCallback.builder().name("faultline_agents_dropped_batches")
        .help("Batches the known agents report having dropped from their send buffers (sum of their cumulative counts)")
        .callback(cb -> cb.call(ledger.sessions().stream().mapToLong(AgentSession::droppedBatches).sum()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_ingest_samples")
        .help("Samples applied to the store (duplicates not counted)")
        .callback(cb -> cb.call(stats.samplesApplied()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_ingest_bytes")
        .help("Bytes received on agent connections")
        .callback(cb -> cb.call(stats.bytesReceived()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_ingest_batches")
        .help("Batches received, by result: applied, or duplicate (already held, acknowledged again)")
        .labelNames("result")
        .callback(cb -> {
          cb.call(stats.batchesApplied(), "applied");
          cb.call(stats.batchesDuplicate(), "duplicate");
        })
        .register(registry);
    CounterWithCallback.builder().name("faultline_ingest_connections")
        .help("Agent connections accepted")
        .callback(cb -> cb.call(stats.connectionsAccepted()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_ingest_rejected_frames")
        .help("Frames or connections rejected, by cause (bad_magic, frame_too_large, limit_exceeded, ...)")
        .labelNames("cause")
        .callback(cb -> stats.rejections().allCounts().forEach((cause, n) -> cb.call(n, cause)))
        .register(registry);
    return this;
  }

  /** Series and stored samples. */
  public CollectorMetrics store(SeriesStore store) {
    GaugeWithCallback.builder().name("faultline_series")
        .help("Series held in memory")
        .callback(cb -> cb.call(store.seriesCount()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_store_samples")
        .help("Samples stored (older-than-last samples are skipped, not counted)")
        .callback(cb -> cb.call(store.samplesStored()))
        .register(registry);
    return this;
  }

  /**
   * The write-ahead log: bytes written and on disk, segments, refused appends, state, fsync latency.
   *
   * @param fsyncObserver registers the histogram's observer with the log
   */
  public CollectorMetrics wal(Supplier<WalStats> stats, java.util.function.Consumer<java.util.function.LongConsumer>
      fsyncObserver) {
    CounterWithCallback.builder().name("faultline_wal_written_bytes")
        .help("Bytes appended to the write-ahead log since start")
        .callback(cb -> cb.call(stats.get().bytesWritten()))
        .register(registry);
    GaugeWithCallback.builder().name("faultline_wal_disk_bytes")
        .help("Size of the write-ahead log's segment files on disk")
        .callback(cb -> cb.call(stats.get().diskBytes()))
        .register(registry);
    GaugeWithCallback.builder().name("faultline_wal_segments")
        .help("Segment files of the write-ahead log, the active one included")
        .callback(cb -> cb.call(stats.get().segments()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_wal_appends_refused")
        .help("Appends refused because the log could not write or fsync (agents keep and resend those batches)")
        .callback(cb -> cb.call(stats.get().appendsRefused()))
        .register(registry);
    GaugeWithCallback.builder().name("faultline_wal_refusing")
        .help("1 while the write-ahead log refuses appends (disk full, I/O error), else 0")
        .callback(cb -> cb.call(stats.get().state() == WalState.REFUSING ? 1 : 0))
        .register(registry);
    Histogram fsync = Histogram.builder().name("faultline_wal_fsync_duration_seconds")
        .help("Latency of the write-ahead log's fsync calls (acknowledgements wait for them)")
        .classicOnly().classicUpperBounds(FSYNC_BUCKETS)
        .register(registry);
    fsyncObserver.accept(nanos -> fsync.observe(nanos / 1e9));
    return this;
  }

  /** Detection and root-cause timings, detection drops, open anomalies and incidents. */
  public CollectorMetrics live(LiveAnalysis live) {
    Histogram detection = Histogram.builder().name("faultline_detection_batch_duration_seconds")
        .help("Time the detectors took for one batch (per detection worker)")
        .classicOnly().classicUpperBounds(ANALYSIS_BUCKETS)
        .register(registry);
    Histogram rca = Histogram.builder().name("faultline_rca_duration_seconds")
        .help("Time one root-cause ranking of a live incident took")
        .classicOnly().classicUpperBounds(ANALYSIS_BUCKETS)
        .register(registry);
    live.timings().onDetection(nanos -> detection.observe(nanos / 1e9));
    live.timings().onRca(nanos -> rca.observe(nanos / 1e9));
    CounterWithCallback.builder().name("faultline_detection_samples")
        .help("Samples scored by the detectors")
        .callback(cb -> cb.call(live.detection() == null ? 0 : live.detection().samplesDetected()))
        .register(registry);
    CounterWithCallback.builder().name("faultline_detection_dropped_batches")
        .help("Batch hand-offs to detection dropped because a worker queue was full (ingest is never slowed)")
        .callback(cb -> cb.call(live.detection() == null ? 0 : live.detection().droppedBatches()))
        .register(registry);
    GaugeWithCallback.builder().name("faultline_anomalies_open")
        .help("Anomalies currently open")
        .callback(cb -> cb.call(live.anomalies().list(Anomaly::isOpen).size()))
        .register(registry);
    GaugeWithCallback.builder().name("faultline_incidents_open")
        .help("Incidents currently open")
        .callback(cb -> cb.call(live.incidents().list(Incident::isOpen).size()))
        .register(registry);
    return this;
  }

  /** Serves {@code GET /metrics}. */
  public Router register(Router router) {
    return router.get("/metrics", java.util.List.of(), request -> scrape());
  }

  /** The current metrics in the Prometheus text format (version 0.0.4). */
  public RawResponse scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return new RawResponse(writer.getContentType(), out.toByteArray());
  }
}
