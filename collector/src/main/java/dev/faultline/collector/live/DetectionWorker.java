package dev.faultline.collector.live;

import dev.faultline.collector.detect.cluster.ModelTrainer;
import dev.faultline.collector.detect.combine.AlertingDetector;
import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesRef;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One detection thread: takes batches from its bounded queue and feeds the samples of its share of the series to
 * one {@link AlertingDetector} per series (and the feature series on to their entity's clustering detector),
 * reporting alert transitions to an {@link AnomalyListener}.
 *
 * <p>Shards: {@link SeriesRef#shardHash()} modulo the worker count, so that one series, and the series of one
 * service instance or host that its entity detector combines, are on one thread, in order. Skipping a foreign
 * sample reads only the ref, and an owned sample finds its state through the ref's cached handle ({@link
 * SeriesTable}). State is bounded by {@code maxSeries} per worker. A new {@link DetectionConfig} takes effect between
 * batches: all detector state is dropped and rebuilt from the next samples.
 */
final class DetectionWorker implements Runnable {

  private static final Logger log = Logger.getLogger(DetectionWorker.class.getName());

  private final int index;
  private final int workers;
  private final BlockingQueue<DecodedBatch> queue;
  private final AnomalyListener listener;
  private final Consumer<DecodedBatch> batchHook;
  private final LongSupplier clock;
  private final SeriesTable table;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private volatile DetectionConfig config;
  private DetectionConfig applied;
  private volatile boolean stopped;
  private final AnalysisTimings timings;
  /** Series scored together: their states are touched first, see {@link #feed}. */
  private static final int GROUP = 16;
  private final SeriesState[] group = new SeriesState[GROUP];
  private final int[] groupAt = new int[GROUP];
  private double touchSink;

  /**
   * @param batchHook run once per batch on this worker before its samples (worker 0 only: edges), or null
   * @param clock wall clock (epoch ms) for idle-state sweeping only; detectors use the data's timestamps
   */
  DetectionWorker(int index, int workers, int queueBatches, int maxSeries, DetectionConfig config,
      EntitySettings entity, ModelTrainer entityTrainer, Executor trainingExecutor, AnomalyListener listener,
      Consumer<DecodedBatch> batchHook, LongSupplier clock, AnalysisTimings timings) {
    this.timings = timings;
    this.index = index;
    this.workers = workers;
    this.queue = new ArrayBlockingQueue<>(queueBatches);
    this.listener = listener;
    this.batchHook = batchHook;
    this.clock = clock;
    this.config = config;
    this.applied = config;
    this.table = new SeriesTable(maxSeries, TimeUnit.MINUTES.toMillis(10), entity, entityTrainer, trainingExecutor);
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

  /** Samples of new series not scored because this worker's table was full. */
  long seriesRefused() {
    return table.refused();
  }

  /** True when {@code key}'s entity is in this worker's share. */
  boolean owns(dev.faultline.collector.model.SeriesKey key) {
    return workers == 1 || Math.floorMod(SeriesRef.shardHash(key), workers) == index;
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

  /**
   * Scores the samples this worker owns. Synchronized only against {@link #silently} (the warm-up runs on the
   * starting thread); uncontended otherwise, one lock per batch. Visible for testing.
   */
  synchronized void process(DecodedBatch batch) {
    DetectionConfig current = config;
    if (current != applied) {
      table.clear(listener);
      applied = current;
    }
    if (batchHook != null) {
      batchHook.accept(batch);
    }
    samples.addAndGet(feed(batch.series(), batch.timestamps(), batch.values(), batch.sampleCount(), current));
  }

  /**
   * Scores the owned samples in groups of up to {@link #GROUP} series that already have a state: first every
   * member's state is touched ({@link SeriesState#touch}), so that the group's cache misses (a series' state is
   * tens of KB, and thousands of them do not fit in cache) are in flight together, then the members are scored in
   * batch order. A sample whose series has no cached state ends the group, so the order of the samples is kept.
   */
  private int feed(SeriesRef[] series, long[] ts, double[] values, int n, DetectionConfig current) {
    long now = clock.getAsLong();
    int mine = 0;
    int grouped = 0;
    double touched = 0.0;
    for (int i = 0; i < n; i++) {
      SeriesRef ref = series[i];
      if (workers > 1 && Math.floorMod(ref.shardHash(), workers) != index) {
        continue;
      }
      SeriesState state = table.cached(ref);
      if (state != null) {
        group[grouped] = state;
        groupAt[grouped++] = i;
        if (grouped == GROUP) {
          touched += scoreGroup(grouped, ts, values, now);
          mine += grouped;
          grouped = 0;
        }
        continue;
      }
      touched += scoreGroup(grouped, ts, values, now);
      mine += grouped;
      grouped = 0;
      if (table.recentlyRefused(ref, now)) {
        continue;
      }
      state = table.resolve(ref, current, now, listener);
      if (state == null) {
        continue;
      }
      state.lastSeenMillis = now;
      state.feed(ts[i], values[i], listener);
      mine++;
    }
    touched += scoreGroup(grouped, ts, values, now);
    mine += grouped;
    touchSink = touched; // keeps the touching reads alive
    return mine;
  }

  private double scoreGroup(int size, long[] ts, double[] values, long now) {
    double touched = 0.0;
    for (int k = 0; k < size; k++) {
      touched += group[k].touch(ts[groupAt[k]]);
    }
    for (int k = 0; k < size; k++) {
      SeriesState state = group[k];
      group[k] = null;
      state.lastSeenMillis = now;
      state.feed(ts[groupAt[k]], values[groupAt[k]], listener);
    }
    return touched;
  }

  /**
   * Runs {@code warmUp} with every state it creates silenced (detectors learn, alerts move, nothing is reported),
   * then reports the alerts still open, with the time they opened. For rebuilding detector state after a restart
   * or a partition move.
   */
  synchronized void silently(Consumer<Feeder> warmUp) {
    table.silence();
    try {
      DetectionConfig current = config;
      long now = clock.getAsLong();
      warmUp.accept(new Feeder() {
        @Override
        public void feed(SeriesRef ref, long timestampMillis, double value) {
          SeriesState state = resolve(ref);
          if (state != null) {
            state.warmFeed(timestampMillis, value, listener);
          }
        }

        @Override
        public boolean restore(SeriesRef ref, byte[] checkpoint, long upToMillis) {
          SeriesState state = resolve(ref);
          if (state == null) {
            return false;
          }
          try {
            SeriesCheckpoint.restore(checkpoint, state, current, upToMillis);
            return true;
          } catch (java.io.IOException | RuntimeException e) {
            log.fine(() -> "detector checkpoint of " + ref.key().id() + " not used: " + e.getMessage());
            return false;
          }
        }

        private SeriesState resolve(SeriesRef ref) {
          SeriesState state = table.cached(ref);
          if (state == null) {
            state = table.resolve(ref, current, now, listener);
          }
          if (state != null) {
            state.lastSeenMillis = now;
          }
          return state;
        }
      });
    } finally {
      table.speak(listener);
    }
  }

  /**
   * The checkpoint of {@code key}'s detector state ({@link SeriesCheckpoint}), or null when this worker has none
   * (a series refused for lack of room). Call between batches, on the thread that processes them.
   */
  synchronized byte[] checkpoint(dev.faultline.collector.model.SeriesKey key) {
    SeriesState state = table.get(key);
    return state == null ? null : SeriesCheckpoint.encode(state, applied);
  }

  /** Feeds one point during {@link #silently}; points of one entity in time order. */
  interface Feeder {
    void feed(SeriesRef ref, long timestampMillis, double value);

    /**
     * Creates {@code ref}'s state from a checkpoint covering its points up to {@code upToMillis} (fed afterwards,
     * they reach only its entity). Call before the series' first point. False when the checkpoint does not fit
     * (damaged, another pipeline, no room): the series is then rebuilt from its points alone.
     */
    boolean restore(SeriesRef ref, byte[] checkpoint, long upToMillis);
  }
}
