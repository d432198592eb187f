package dev.faultline.collector.perf.live;

import dev.faultline.collector.perf.PerfModelRegistry;
import dev.faultline.collector.perf.PerfModelService;
import dev.faultline.collector.perf.forecast.CapacityForecaster;
import dev.faultline.collector.perf.train.PerfModelTrainer;
import dev.faultline.collector.perf.train.TrainerConfig;
import dev.faultline.collector.store.SeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The performance models of a running collector: a {@link PerfModelTrainer} that retrains every service from the
 * store on its own low-priority thread (never on ingest or query threads), the {@link PerfModelRegistry} it
 * publishes to, and the {@link PerfModelService} the query routes read.
 *
 * <pre>{@code
 * try (PerfModelling perf = PerfModelling.create(store, PerfModelling.trainerConfig())) {
 *   perf.start();
 *   perf.service().whatIf("checkout", 2.0);   // empty until the first training of checkout
 * }
 * }</pre>
 */
public final class PerfModelling implements AutoCloseable {

  /** How often every service is retrained. The first training runs at start, then each period after the last. */
  public static final Duration REFRESH_PERIOD = Duration.ofMinutes(5);

  /** How far back histories are read (the store's retention bounds it further). */
  public static final Duration HISTORY_WINDOW = Duration.ofHours(6);

  private final PerfModelRegistry registry = new PerfModelRegistry();
  private final PerfModelTrainer trainer;
  private final PerfModelService service;

  private PerfModelling(SeriesStore store, TrainerConfig config) {
    StoreHistorySource source = new StoreHistorySource(store, HISTORY_WINDOW, System::currentTimeMillis);
    this.trainer = new PerfModelTrainer(config, source, registry, Clock.systemUTC(), System::nanoTime);
    this.service = new PerfModelService(registry, CapacityForecaster.defaults());
  }

  /** Models over {@code store}; nothing trains until {@link #start()}. */
  public static PerfModelling create(SeriesStore store, TrainerConfig config) {
    return new PerfModelling(Objects.requireNonNull(store, "store"), Objects.requireNonNull(config, "config"));
  }

  /** Starts periodic training: the first refresh now, then every {@link TrainerConfig#refreshPeriod()}. */
  public void start() {
    trainer.start();
  }

  /** The trainer's defaults ({@link TrainerConfig#defaults}) with this collector's {@link #REFRESH_PERIOD}. */
  public static TrainerConfig trainerConfig() {
    TrainerConfig d = TrainerConfig.defaults(42);
    return new TrainerConfig(REFRESH_PERIOD, d.maxRows(), d.timeBudgetPerModel(), d.cpuShare(), d.fitter());
  }

  /** What the routes call. */
  public PerfModelService service() {
    return service;
  }

  /** The trainer, for on-demand training ({@link PerfModelTrainer#trainNow}) and its counters. */
  public PerfModelTrainer trainer() {
    return trainer;
  }

  @Override
  public void close() {
    trainer.close();
  }
}
