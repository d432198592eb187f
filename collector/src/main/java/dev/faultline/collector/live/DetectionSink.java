package dev.faultline.collector.live;

import dev.faultline.collector.detect.cluster.EnsembleModel;
import dev.faultline.collector.detect.cluster.IsolationForest;
import dev.faultline.collector.detect.cluster.KMeansModel;
import dev.faultline.collector.detect.cluster.ModelTrainer;
import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.collector.model.DecodedBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
 * Collector.start(CollectorSettings.builder(collectorConfig).downstream(List.of(sink)).build());
 * }</pre>
 *
 * <p>Each worker handles the series whose {@link dev.faultline.collector.model.SeriesRef#shardHash} falls in its
 * share, so one series, and the series one entity detector combines, are always on one thread. Entity models are trained on one background thread ({@code
 * faultline-entity-train}, minimum priority, a bounded queue: a retraining that finds it full is skipped and tried
 * again later), never on a worker or ingest thread. Thread-safe.
 */
public final class DetectionSink implements BatchSink, AutoCloseable {

  /** k-means (k-means++ seeding) and an isolation forest on the same window; 99.5 % of training vectors score 0. */
  static final ModelTrainer ENTITY_TRAINER = EnsembleModel.trainer(KMeansModel.trainer(4, 50, 0.995),
      IsolationForest.trainer(40, 64, 0.995));

  private final List<DetectionWorker> workers = new ArrayList<>();
  private final ThreadPoolExecutor training;
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
    this.training = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "faultline-entity-train");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    });
    for (int i = 0; i < n; i++) {
      workers.add(new DetectionWorker(i, n, config.queueBatches(), maxPerWorker, config.detection(),
          config.entity(), ENTITY_TRAINER, training, listener, i == 0 ? batchHook : null, System::currentTimeMillis,
          timings));
    }
  }

  /**
   * Rebuilds detector state from what {@code store} holds (after a restart: the replayed write-ahead log), without
   * reporting: every series' retained points go through its detectors in time order, so the detectors do not start
   * blind and do not re-learn into a burst of false alerts. Alerts still open at the end are reported with the time
   * they opened, which continues the incidents that were open at shutdown. Call before ingest starts; returns the
   * points fed.
   */
  public long warmUp(RecentPoints store) {
    // one thread per worker share (common pool): workers' states are disjoint, and the listener is thread-safe
    return workers.parallelStream().mapToLong(w -> StoreWarmUp.run(store, w)).sum();
  }

  /** Starts the worker threads (daemon threads named {@code faultline-detect-N}). */
  public DetectionSink start() {
    for (int i = 0; i < workers.size(); i++) {
      Thread t = new Thread(workers.get(i), "faultline-detect-" + i);
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY); // yields the CPU to ingest and queries; sheds (counted) when behind
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

  /** Samples of new series not scored because the workers' tables ({@code detection.max-series}) were full. */
  public long samplesRefused() {
    return workers.stream().mapToLong(DetectionWorker::seriesRefused).sum();
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

  /** Waits until no entity model is being trained or waiting to be; false on timeout. */
  public boolean awaitTrainingIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (System.nanoTime() < deadline) {
      if (training.getQueue().isEmpty() && training.getActiveCount() == 0) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  /** Stops the workers (queued batches are abandoned). */
  @Override
  public void close() {
    training.shutdownNow();
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
