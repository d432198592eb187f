package dev.faultline.agent;

import dev.faultline.agent.instrument.InstrumentationHandle;
import dev.faultline.agent.instrument.record.MetricBatchEncoder;
import dev.faultline.agent.internal.Throwables;
import dev.faultline.agent.net.CollectorClient;
import dev.faultline.agent.series.BatchEncoder;
import dev.faultline.agent.series.MetricFamily;
import dev.faultline.agent.series.SampleBuffer;
import dev.faultline.agent.series.SampleCollector;
import dev.faultline.agent.series.SeriesDictionary;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.MetricNames;
import dev.faultline.proto.v1.MetricBatch;
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
 * {@link SampleBuffer}, drain the instrumentation (if installed) into the same batch, encode and hand the batches
 * to the {@link CollectorClient}. A collector
 * that throws loses its samples for that interval only.
 */
final class MetricsLoop {

  private static final Logger log = Logger.getLogger(MetricsLoop.class.getName());

  private final List<SampleCollector> collectors;
  private final CollectorClient client;
  private final BatchEncoder encoder = new BatchEncoder();
  private final SampleBuffer samples = new SampleBuffer();
  private final MetricFamily dropped;
  private final MetricFamily switches;
  private final MetricFamily bufferHighWater;
  private final ScheduledThreadPoolExecutor scheduler;
  private final InstrumentationHandle instrumentation;
  private final SeriesDictionary instrumentationSeries;

  MetricsLoop(SeriesRegistry registry, List<SampleCollector> collectors, CollectorClient client) {
    this(registry, collectors, null, client);
  }

  /** {@code instrumentation} may be null (instrumentation off): then only the collectors report. */
  MetricsLoop(SeriesRegistry registry, List<SampleCollector> collectors, InstrumentationHandle instrumentation,
      CollectorClient client) {
    this.collectors = List.copyOf(collectors);
    this.client = client;
    this.instrumentation = instrumentation;
    this.instrumentationSeries = new SeriesDictionary(registry);
    this.dropped = registry.family(MetricNames.AGENT_DROPPED_BATCHES_TOTAL, MetricType.METRIC_TYPE_COUNTER,
        "batches", null);
    this.switches = registry.family(MetricNames.AGENT_COLLECTOR_SWITCHES_TOTAL, MetricType.METRIC_TYPE_COUNTER,
        "switches", null);
    this.bufferHighWater = registry.family(MetricNames.AGENT_BUFFER_HIGH_WATER_BYTES, MetricType.METRIC_TYPE_GAUGE,
        "bytes", null);
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "faultline-metrics");
      t.setDaemon(true);
      return t;
    });
  }

  void start(Duration interval) {
    long millis = interval.toMillis();
    TickSpacing spacing = new TickSpacing(interval); // no burst of missed runs after a stall: see TickSpacing
    scheduler.scheduleAtFixedRate(() -> {
      long now = System.currentTimeMillis(); // the batch's timestamp too: admitted runs never share a millisecond
      if (spacing.admit(now)) {
        tick(now);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code sampler} every {@code millis} on the collection thread (so never concurrently with a collection),
   * e.g. readings a collector averages over the interval. A sampler that throws loses that reading only.
   */
  void sampleEvery(Runnable sampler, long millis) {
    scheduler.scheduleAtFixedRate(() -> {
      try {
        sampler.run();
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
        log.log(Level.FINE, "sampling failed", t);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Collects one last time and stops; waits at most {@code timeoutMillis} for that collection. Called from the
   * shutdown hook: the final interval is worth sending, but never worth delaying the JVM's exit for.
   */
  void stop(long timeoutMillis) {
    try {
      Future<?> last = scheduler.submit(() -> tick(System.currentTimeMillis()));
      last.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.log(Level.FINE, "final collection skipped", e);
    } finally {
      scheduler.shutdownNow();
    }
  }

  private void tick(long now) {
    try {
      samples.clear();
      for (SampleCollector c : collectors) {
        collectOne(c);
      }
      MetricBatch.Builder report = drainInstrumentation(now);
      long droppedSoFar = client.droppedBatches();
      samples.add(dropped.id(), droppedSoFar);
      samples.add(switches.id(), client.collectorSwitches());
      samples.add(bufferHighWater.id(), client.bufferHighWaterBytes());
      long extrasBefore = encoder.droppedExtras();
      client.submit(encoder.encode(now, samples, report, droppedSoFar, client.maxFrameBytes()));
      if (encoder.droppedExtras() != extrasBefore) {
        log.warning("Faultline: this interval's instrumentation report exceeds the frame limit and was dropped");
      }
    } catch (Throwable t) {
      // A periodic task that throws is cancelled by the executor; keep reporting instead.
      Throwables.rethrowIfFatal(t);
      log.log(Level.FINE, "collection failed", t);
    }
  }

  /**
   * The instrumentation's interval (RED per endpoint, edges, exceptions) encoded with ids from the agent's series
   * registry, or null when instrumentation is off or the drain failed (that interval's report is lost then).
   */
  private MetricBatch.Builder drainInstrumentation(long now) {
    if (instrumentation == null) {
      return null;
    }
    try {
      MetricBatch.Builder report = MetricBatch.newBuilder();
      MetricBatchEncoder.encodeInto(instrumentation.drain(now), instrumentationSeries, report);
      return report;
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      log.log(Level.FINE, "instrumentation report failed", t);
      return null;
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
