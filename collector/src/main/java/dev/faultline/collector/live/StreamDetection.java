package dev.faultline.collector.live;

import dev.faultline.collector.model.DecodedBatch;
import java.util.concurrent.Executor;
import dev.faultline.collector.model.SeriesKey;
import java.util.function.Consumer;
import java.util.function.Function;

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

  /**
   * Like {@link #warmUp(RecentPoints)}, but a series with a checkpoint ({@link #checkpoint}) starts from it and is
   * fed only its points after {@link Checkpoint#upToMillis}: its detectors continue exactly where they were, however
   * much history they hold beyond {@code points} (a seasonal profile). Its earlier points still feed its entity's
   * clustering state, which has no checkpoint. A checkpoint that does not fit (another detection pipeline, damaged)
   * is ignored: that series is rebuilt from {@code points} alone.
   *
   * @param checkpoints the checkpoint of a series, or null
   */
  public WarmUp warmUp(RecentPoints points, Function<SeriesKey, Checkpoint> checkpoints) {
    int[] restored = new int[1];
    long fed = StoreWarmUp.run(points, worker, checkpoints, restored);
    return new WarmUp(fed, restored[0]);
  }

  /**
   * The detector state of {@code series} as bytes to restore with {@link #warmUp(RecentPoints, Function)}, or null
   * when there is none (a series not scored for lack of room). Call between batches, on the processing thread.
   */
  public byte[] checkpoint(SeriesKey series) {
    return worker.checkpoint(series);
  }

  /** A series' checkpoint: its detector state after its points up to {@code upToMillis} (inclusive). */
  public record Checkpoint(long upToMillis, byte[] state) {}

  /** What a warm-up did: points fed (to detectors or entities) and series restored from their checkpoints. */
  public record WarmUp(long points, int restoredSeries) {}

  /** Samples of new series not scored because {@code detection.max-series} was reached. */
  public long seriesRefused() {
    return worker.seriesRefused();
  }
}
