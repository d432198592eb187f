package dev.faultline.collector.live;

import dev.faultline.collector.detect.combine.AlertingDetector;
import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One detection thread: takes batches from its bounded queue and feeds the samples of its share of the series
 * (series hash modulo worker count) to one {@link AlertingDetector} per series, reporting alert transitions to an
 * {@link AnomalyListener}. Detector state is bounded: beyond {@code maxSeries} the least recently fed series is
 * dropped (closing its anomaly if one is open). A new {@link DetectionConfig} takes effect between batches: all
 * detector state is dropped and rebuilt from the next samples.
 */
final class DetectionWorker implements Runnable {

  private static final Logger log = Logger.getLogger(DetectionWorker.class.getName());

  private final int index;
  private final int workers;
  private final BlockingQueue<DecodedBatch> queue;
  private final AnomalyListener listener;
  private final Consumer<DecodedBatch> batchHook;
  private final Map<SeriesKey, SeriesState> states;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private volatile DetectionConfig config;
  private DetectionConfig applied;
  private volatile boolean stopped;
  private final AnalysisTimings timings;

  /**
   * @param batchHook run once per batch on this worker before its samples (worker 0 only: edges), or null
   */
  DetectionWorker(int index, int workers, int queueBatches, int maxSeries, DetectionConfig config,
      AnomalyListener listener, Consumer<DecodedBatch> batchHook, AnalysisTimings timings) {
    this.timings = timings;
    this.index = index;
    this.workers = workers;
    this.queue = new ArrayBlockingQueue<>(queueBatches);
    this.listener = listener;
    this.batchHook = batchHook;
    this.config = config;
    this.states = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<SeriesKey, SeriesState> eldest) {
        if (size() <= maxSeries) {
          return false;
        }
        eldest.getValue().closeOpen(listener);
        return true;
      }
    };
  }

  /** Offers without blocking; false when the queue is full. */
  boolean offer(DecodedBatch batch) {
    return queue.offer(batch);
  }

  void reconfigure(DetectionConfig newConfig) {
    this.config = newConfig;
  }

  void stop() {
    stopped = true;
  }

  /** Batches taken from the queue and processed. */
  long batchesDone() {
    return done.get();
  }

  long samplesDone() {
    return samples.get();
  }

  int queued() {
    return queue.size();
  }

  @Override
  public void run() {
    while (!stopped) {
      DecodedBatch batch;
      try {
        batch = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        continue;
      }
      long t0 = System.nanoTime();
      try {
        process(batch);
        timings.detection(System.nanoTime() - t0);
      } catch (RuntimeException e) {
        // one bad batch (or a failing listener) must not stop detection for every series
        log.log(Level.WARNING, "detection failed on a batch; skipped", e);
      } finally {
        done.incrementAndGet();
      }
    }
  }

  /** Visible for testing. */
  void process(DecodedBatch batch) {
    DetectionConfig current = config;
    if (current != applied) {
      states.values().forEach(s -> s.closeOpen(listener));
      states.clear();
      applied = current;
    }
    if (batchHook != null) {
      batchHook.accept(batch);
    }
    SeriesRef[] series = batch.series();
    long[] ts = batch.timestamps();
    double[] values = batch.values();
    int n = batch.sampleCount();
    int mine = 0;
    for (int i = 0; i < n; i++) {
      SeriesKey key = series[i].key();
      if (workers > 1 && Math.floorMod(key.hashCode(), workers) != index) {
        continue;
      }
      mine++;
      SeriesState state = states.get(key);
      if (state == null) {
        state = new SeriesState(key, current.create(key.metric()), "counter".equals(series[i].type()));
        states.put(key, state);
      }
      state.feed(ts[i], values[i], listener);
    }
    samples.addAndGet(mine);
  }

  /**
   * Detector and open anomaly of one series. A counter (a running total) is scored by its increase per second,
   * not by its ever-growing value, which every detector would otherwise find new at each point; a counter that
   * goes down was reset (a restart) and gives a gap.
   */
  private static final class SeriesState {
    private final SeriesKey key;
    private final AlertingDetector detector;
    private final boolean counter;
    private long anomalyId;
    private double peak;
    private long lastMillis;
    private double lastTotal = Double.NaN;
    private long lastTotalMillis;

    SeriesState(SeriesKey key, AlertingDetector detector, boolean counter) {
      this.key = key;
      this.detector = detector;
      this.counter = counter;
    }

    void feed(long timeMillis, double value, AnomalyListener listener) {
      detector.update(timeMillis, counter ? ratePerSecond(timeMillis, value) : value);
      lastMillis = Math.max(lastMillis, timeMillis);
      double raw = detector.lastRawScore();
      if (detector.tracker().justOpened()) {
        closeOpen(listener); // cannot happen with a well-behaved tracker; keeps ids balanced if it does
        anomalyId = listener.opened(key, timeMillis, raw);
        peak = raw;
      } else if (anomalyId != 0) {
        if (detector.state().isOpen()) {
          peak = Math.max(peak, raw);
        } else {
          listener.closed(anomalyId, timeMillis, peak);
          anomalyId = 0;
        }
      }
    }

    private double ratePerSecond(long timeMillis, double total) {
      double previous = lastTotal;
      long previousMillis = lastTotalMillis;
      if (Double.isNaN(total) || timeMillis <= previousMillis) {
        return Double.NaN;
      }
      lastTotal = total;
      lastTotalMillis = timeMillis;
      if (Double.isNaN(previous) || total < previous) {
        return Double.NaN;
      }
      return (total - previous) * 1000.0 / (timeMillis - previousMillis);
    }

    void closeOpen(AnomalyListener listener) {
      if (anomalyId != 0) {
        listener.closed(anomalyId, lastMillis, peak);
        anomalyId = 0;
      }
    }
  }
}
