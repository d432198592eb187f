package dev.faultline.collector.live;

import dev.faultline.collector.model.DecodedBatch;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The detectors of one share of the series, run on the caller's thread: the same {@link DetectionWorker}, {@link
 * SeriesTable}, {@link SeriesState} and {@link EntityState} as {@link DetectionSink}, without its queues and
 * threads. For a stream processor that owns a partition of the series (the scale-out analyzer): it calls {@link
 * #process} for each batch in order and rebuilds the state with {@link #warmUp} when the partition is assigned.
 *
 * <pre>{@code
 * StreamDetection d = new StreamDetection(config, listener, batch -> edges(batch), trainingExecutor);
 * d.warmUp(recentPoints);   // silently: alerts still open at the end are reported with the time they opened
 * d.process(batch);         // alert transitions go to listener on this thread
 * }</pre>
 *
 * <p>Not thread-safe: one owner thread (entity models still train on {@code training}).
 */
public final class StreamDetection {

  private final DetectionWorker worker;

  /**
   * @param batchHook called once per batch before its samples (edges), or null
   * @param training runs entity model training off the caller's thread
   */
  public StreamDetection(LiveConfig config, AnomalyListener listener, Consumer<DecodedBatch> batchHook,
      Executor training, AnalysisTimings timings) {
    this.worker = new DetectionWorker(0, 1, 1, config.maxSeries(), config.detection(), config.entity(),
        DetectionSink.ENTITY_TRAINER, training, listener, batchHook, System::currentTimeMillis, timings);
  }

  /** Scores every sample of {@code batch}; alert transitions reach the listener before this returns. */
  public void process(DecodedBatch batch) {
    worker.process(batch);
  }

  /** Feeds {@code points} through the detectors without reporting, then reports the alerts open at the end. */
  public long warmUp(RecentPoints points) {
    return StoreWarmUp.run(points, worker);
  }

  /** Samples of new series not scored because {@code detection.max-series} was reached. */
  public long seriesRefused() {
    return worker.seriesRefused();
  }
}
