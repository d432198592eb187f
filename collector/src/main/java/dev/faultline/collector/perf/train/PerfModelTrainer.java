package dev.faultline.collector.perf.train;

import dev.faultline.collector.perf.HistorySource;
import dev.faultline.collector.perf.PerfModelRegistry;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.perf.ServicePerfModel;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Trains and refreshes per-service performance models in the background and publishes them to a {@link
 * PerfModelRegistry}. Never runs on the ingest path: all work happens on one dedicated daemon thread at {@link
 * Thread#MIN_PRIORITY} named {@value #THREAD_NAME}, so the trainer uses at most one core, and its {@link
 * TrainerConfig#cpuShare() duty cycle} caps it at a fraction of that. Each model is bounded in rows ({@link
 * TrainerConfig#maxRows()}) and in time ({@link TrainerConfig#timeBudgetPerModel()}, checked between boosted trees).
 *
 * <pre>{@code
 * try (PerfModelTrainer trainer = new PerfModelTrainer(TrainerConfig.defaults(42), source, registry,
 *     Clock.systemUTC(), System::nanoTime)) {
 *   trainer.start();                     // refresh every refreshPeriod
 *   trainer.trainNow("checkout").join(); // or on demand
 * }
 * }</pre>
 *
 * <p>Requests for a service already queued share the queued run, so the queue holds at most one task per service
 * plus the refresh. A failing training is logged at WARNING and counted; the previous model stays published.
 * Thread-safe.
 */
public final class PerfModelTrainer implements AutoCloseable {

  /** Name of the trainer thread. */
  public static final String THREAD_NAME = "faultline-perf-trainer";

  private static final Logger logger = Logger.getLogger(PerfModelTrainer.class.getName());

  private final TrainerConfig config;
  private final HistorySource source;
  private final PerfModelRegistry registry;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService executor;
  private final Map<String, CompletableFuture<Optional<ServicePerfModel>>> pending = new ConcurrentHashMap<>();
  private final AtomicLong trained = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong budgetExhausted = new AtomicLong();
  private final AtomicLong busyNanos = new AtomicLong();

  /**
   * @param config bounds and cadence
   * @param source where histories are read (on the trainer thread)
   * @param registry where models are published
   * @param clock wall clock, recorded as the training time of each model
   * @param nanoTime monotonic time source for the time budget and the duty cycle (normally {@code System::nanoTime})
   */
  public PerfModelTrainer(TrainerConfig config, HistorySource source, PerfModelRegistry registry, Clock clock,
      LongSupplier nanoTime) {
    this.config = Objects.requireNonNull(config, "config");
    this.source = Objects.requireNonNull(source, "source");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    });
    stpe.setRemoveOnCancelPolicy(true);
    this.executor = stpe;
  }

  /** Starts periodic refreshes of every service of the source, the first immediately. */
  public void start() {
    long period = config.refreshPeriod().toMillis();
    executor.scheduleWithFixedDelay(this::refreshAll, 0, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Queues a training of {@code service} (sharing an already queued one) and returns its outcome: the published
   * model, or empty when the service had too little history or training failed. After {@link #close()} the future
   * fails with a {@link RejectedExecutionException}.
   */
  public CompletableFuture<Optional<ServicePerfModel>> trainNow(String service) {
    Objects.requireNonNull(service, "service");
    CompletableFuture<Optional<ServicePerfModel>> rejected = new CompletableFuture<>();
    CompletableFuture<Optional<ServicePerfModel>> queued = pending.computeIfAbsent(service, s -> {
      CompletableFuture<Optional<ServicePerfModel>> f = new CompletableFuture<>();
      try {
        executor.execute(() -> {
          pending.remove(s, f);
          long start = nanoTime.getAsLong();
          f.complete(trainOne(s));
          pace(nanoTime.getAsLong() - start);
        });
      } catch (RejectedExecutionException e) {
        rejected.completeExceptionally(e); // closed: the caller sees the failure, nothing is queued
        return null; // not remembered as pending
      }
      return f;
    });
    return queued != null ? queued : rejected;
  }

  /** Counters since construction. */
  public Stats stats() {
    return new Stats(trained.get(), skipped.get(), failed.get(), budgetExhausted.get(), busyNanos.get());
  }

  /**
   * Trainer counters.
   *
   * @param trained models published
   * @param skipped services skipped for too little history
   * @param failed trainings that threw
   * @param budgetExhausted models whose time budget stopped boosting or the queueing term selection early
   * @param busyNanos time spent training (excluding duty-cycle idling)
   */
  public record Stats(long trained, long skipped, long failed, long budgetExhausted, long busyNanos) {}

  /** Stops the thread, interrupting a running training; queued requests complete exceptionally or never run. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pending.values().forEach(f -> f.cancel(false));
  }

  private void refreshAll() {
    List<String> services = source.services().stream().sorted().toList();
    for (String s : services) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      long start = nanoTime.getAsLong();
      trainOne(s);
      pace(nanoTime.getAsLong() - start);
    }
  }

  /** Trains one service on the trainer thread and publishes the model. */
  private Optional<ServicePerfModel> trainOne(String service) {
    long start = nanoTime.getAsLong();
    try {
      Optional<ServiceHistory> full = source.history(service);
      if (full.isEmpty() || full.get().size() < config.fitter().minRows()) {
        skipped.incrementAndGet();
        return Optional.empty();
      }
      if (!full.get().service().equals(service)) {
        throw new IllegalStateException("history source returned the history of '" + full.get().service()
            + "' for service '" + service + "'");
      }
      ServiceHistory history = full.get().lastRows(config.maxRows());
      long deadline = start + config.timeBudgetPerModel().toNanos();
      ServicePerfModel model = ServicePerfModel.train(history, config.fitter(), clock.millis(),
          () -> nanoTime.getAsLong() - deadline >= 0);
      if (model.summary().budgetExhausted()) {
        budgetExhausted.incrementAndGet();
      }
      registry.put(model, history);
      trained.incrementAndGet();
      return Optional.of(model);
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      logger.log(Level.WARNING, "performance model training failed for service " + service, e);
      return Optional.empty();
    } finally {
      busyNanos.addAndGet(nanoTime.getAsLong() - start);
    }
  }

  /** Idles after {@code busyNanos} of work so that the thread is busy at most {@code cpuShare} of the time. */
  private void pace(long busyNanos) {
    if (config.cpuShare() >= 1) {
      return;
    }
    long idleNanos = (long) (busyNanos * (1 / config.cpuShare() - 1));
    try {
      TimeUnit.NANOSECONDS.sleep(idleNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
