package dev.faultline.agent;

import dev.faultline.agent.internal.Throwables;
import dev.faultline.agent.net.CollectorClient;
import dev.faultline.agent.series.BatchEncoder;
import dev.faultline.agent.series.MetricFamily;
import dev.faultline.agent.series.SampleBuffer;
import dev.faultline.agent.series.SampleCollector;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.MetricNames;
import dev.faultline.proto.v1.MetricType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Once per interval, on its own daemon thread ({@code faultline-metrics}): run every collector into one reused
 * {@link SampleBuffer}, encode the samples as batches and hand them to the {@link CollectorClient}. A collector
 * that throws loses its samples for that interval only.
 */
final class MetricsLoop {

  private static final Logger log = Logger.getLogger(MetricsLoop.class.getName());

  private final List<SampleCollector> collectors;
  private final CollectorClient client;
  private final BatchEncoder encoder = new BatchEncoder();
  private final SampleBuffer samples = new SampleBuffer();
  private final MetricFamily dropped;
  private final ScheduledThreadPoolExecutor scheduler;

  MetricsLoop(SeriesRegistry registry, List<SampleCollector> collectors, CollectorClient client) {
    this.collectors = List.copyOf(collectors);
    this.client = client;
    this.dropped = registry.family(MetricNames.AGENT_DROPPED_BATCHES_TOTAL, MetricType.METRIC_TYPE_COUNTER,
        "batches", null);
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "faultline-metrics");
      t.setDaemon(true);
      return t;
    });
  }

  void start(Duration interval) {
    long millis = interval.toMillis();
    scheduler.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Collects one last time and stops; waits at most {@code timeoutMillis} for that collection. Called from the
   * shutdown hook: the final interval is worth sending, but never worth delaying the JVM's exit for.
   */
  void stop(long timeoutMillis) {
    try {
      Future<?> last = scheduler.submit(this::tick);
      last.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.log(Level.FINE, "final collection skipped", e);
    } finally {
      scheduler.shutdownNow();
    }
  }

  private void tick() {
    try {
      samples.clear();
      for (SampleCollector c : collectors) {
        collectOne(c);
      }
      long droppedSoFar = client.droppedBatches();
      samples.add(dropped.id(), droppedSoFar);
      client.submit(encoder.encode(System.currentTimeMillis(), samples, droppedSoFar, client.maxFrameBytes()));
    } catch (Throwable t) {
      // A periodic task that throws is cancelled by the executor; keep reporting instead.
      Throwables.rethrowIfFatal(t);
      log.log(Level.FINE, "collection failed", t);
    }
  }

  private void collectOne(SampleCollector c) {
    try {
      c.collect(samples);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      // Samples added before the failure are valid readings and stay in the buffer.
      log.log(Level.FINE, "collector " + c.getClass().getSimpleName() + " failed", t);
    }
  }
}
