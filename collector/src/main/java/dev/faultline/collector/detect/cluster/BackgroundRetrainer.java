package dev.faultline.collector.detect.cluster;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Trains {@link EntityModel}s on an executor and publishes each new model atomically.
 *
 * <p>{@link #submit} hands a snapshot to the executor and returns at once; at most one training runs per retrainer
 * (a submit while one is in flight is dropped and counted, since the next snapshot will be fresher anyway). When
 * training completes, {@link #current()} returns the new model; readers on other threads see either the old or the
 * new model, never a partial one. Model {@code g} (counting from 0) is trained with seed {@code baseSeed + g}, so a
 * run with a same-thread executor is reproducible. A training failure is logged (WARNING) and counted; the old model
 * stays.
 *
 * <pre>{@code
 * ExecutorService pool = Executors.newSingleThreadExecutor();   // shared by many entities
 * BackgroundRetrainer r = new BackgroundRetrainer(IsolationForest.trainer(100, 256, 0.99), pool, 42);
 * r.submit(snapshot);                 // from the ingest thread: returns immediately
 * EntityModel m = r.current();        // null until the first model is ready
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class BackgroundRetrainer {

  private static final Logger logger = Logger.getLogger(BackgroundRetrainer.class.getName());

  private final ModelTrainer trainer;
  private final Executor executor;
  private final long baseSeed;
  private final AtomicReference<EntityModel> model = new AtomicReference<>();
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public BackgroundRetrainer(ModelTrainer trainer, Executor executor, long baseSeed) {
    this.trainer = Objects.requireNonNull(trainer, "trainer");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.baseSeed = baseSeed;
  }

  /**
   * Schedules training on {@code snapshot}, which becomes owned by the trainer (pass a copy).
   *
   * @return true if scheduled, false if a training was already in flight or the executor rejected it
   */
  public boolean submit(double[][] snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    if (!inFlight.compareAndSet(false, true)) {
      dropped.incrementAndGet();
      return false;
    }
    long seed = baseSeed + generation.get();
    try {
      executor.execute(() -> train(snapshot, seed));
      return true;
    } catch (RejectedExecutionException e) {
      inFlight.set(false);
      dropped.incrementAndGet();
      return false;
    }
  }

  private void train(double[][] snapshot, long seed) {
    try {
      EntityModel m = trainer.train(snapshot, seed);
      model.set(m);
      generation.incrementAndGet();
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      logger.log(Level.WARNING, "entity model training failed; keeping the previous model", e);
    } finally {
      inFlight.set(false);
    }
  }

  /** The latest model, or null before the first training completes. */
  public EntityModel current() {
    return model.get();
  }

  /** Number of models published so far. */
  public long generation() {
    return generation.get();
  }

  public boolean trainingInFlight() {
    return inFlight.get();
  }

  /** Submits dropped because a training was in flight or the executor refused. */
  public long droppedSubmits() {
    return dropped.get();
  }

  public long failedTrainings() {
    return failed.get();
  }
}
