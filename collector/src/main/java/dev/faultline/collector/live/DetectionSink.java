package dev.faultline.collector.live;

import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.collector.model.DecodedBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The ingest side of detection: {@link #accept} offers each batch to every worker's bounded queue and returns at
 * once; a full queue drops the batch for that worker and counts it ({@link #droppedBatches}). Ingest never blocks
 * on detection: losing detection input under overload is preferred to slowing agents down.
 *
 * <pre>{@code
 * DetectionSink sink = new DetectionSink(config, listener, edges::record);
 * sink.start();
 * Collector.start(collectorConfig, List.of(sink));
 * }</pre>
 *
 * <p>Each worker handles the series whose key hash falls in its share, so one series is always on one thread.
 * Thread-safe.
 */
public final class DetectionSink implements BatchSink, AutoCloseable {

  private final List<DetectionWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  // LongAdder: accept runs on every ingest event loop at once; a contended AtomicLong would serialise them
  private final LongAdder offered = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /**
   * @param batchHook called once per batch on worker 0, before its samples (edges go to the topology here)
   */
  public DetectionSink(LiveConfig config, AnomalyListener listener, Consumer<DecodedBatch> batchHook) {
    this(config, listener, batchHook, new AnalysisTimings());
  }

  /** @param timings gets the duration of every batch a worker processes */
  public DetectionSink(LiveConfig config, AnomalyListener listener, Consumer<DecodedBatch> batchHook,
      AnalysisTimings timings) {
    int n = config.workers();
    int maxPerWorker = Math.max(1, config.maxSeries() / n);
    for (int i = 0; i < n; i++) {
      workers.add(new DetectionWorker(i, n, config.queueBatches(), maxPerWorker, config.detection(), listener,
          i == 0 ? batchHook : null, timings));
    }
  }

  /** Starts the worker threads (daemon threads named {@code faultline-detect-N}). */
  public DetectionSink start() {
    for (int i = 0; i < workers.size(); i++) {
      Thread t = new Thread(workers.get(i), "faultline-detect-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return this;
  }

  @Override
  public void accept(DecodedBatch batch) {
    for (int i = 0; i < workers.size(); i++) {
      offered.increment();
      if (!workers.get(i).offer(batch)) {
        dropped.increment();
      }
    }
  }

  /** Swaps the detector rules; every worker rebuilds its detectors from its next batch on. */
  public void reconfigure(DetectionConfig config) {
    workers.forEach(w -> w.reconfigure(config));
  }

  /** Batch hand-offs refused because a worker's queue was full (one per worker per batch). */
  public long droppedBatches() {
    return dropped.sum();
  }

  /** Samples fed to detectors so far. */
  public long samplesDetected() {
    return workers.stream().mapToLong(DetectionWorker::samplesDone).sum();
  }

  /** Waits until every batch offered so far (and not dropped) has been processed; false on timeout. */
  public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (System.nanoTime() < deadline) {
      long done = workers.stream().mapToLong(DetectionWorker::batchesDone).sum();
      if (done + dropped.sum() >= offered.sum()) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  /** Stops the workers (queued batches are abandoned). */
  @Override
  public void close() {
    workers.forEach(DetectionWorker::stop);
    for (Thread t : threads) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
