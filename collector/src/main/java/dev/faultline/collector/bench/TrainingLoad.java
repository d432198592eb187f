package dev.faultline.collector.bench;

import dev.faultline.collector.perf.HistorySource;
import dev.faultline.collector.perf.PerfModelRegistry;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.perf.live.PerfModelling;
import dev.faultline.collector.perf.sim.SimulatedService;
import dev.faultline.collector.perf.train.PerfModelTrainer;
import dev.faultline.collector.perf.train.TrainerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Performance-model training kept busy for the ingest benchmark: the collector's own trainer configuration
 * ({@link PerfModelling#trainerConfig()}: one MIN_PRIORITY thread, row and time budgets, 25 % duty cycle) but
 * refreshing back to back, over {@code services} simulated histories of the full row budget. So the benchmark
 * measures ingest while training is as busy as its bounds allow.
 */
final class TrainingLoad implements AutoCloseable {

  private final PerfModelTrainer trainer;
  private volatile boolean paused;

  TrainingLoad(int services) {
    TrainerConfig live = PerfModelling.trainerConfig();
    TrainerConfig busy = new TrainerConfig(Duration.ofMillis(1), live.maxRows(), live.timeBudgetPerModel(),
        live.cpuShare(), live.fitter());
    Map<String, ServiceHistory> histories = new LinkedHashMap<>();
    for (int i = 0; i < services; i++) {
      histories.put("svc-" + i, history("svc-" + i, live.maxRows(), i));
    }
    HistorySource source = new HistorySource() {
      @Override
      public Set<String> services() {
        return paused ? Set.of() : histories.keySet();
      }

      @Override
      public Optional<ServiceHistory> history(String service) {
        return Optional.ofNullable(histories.get(service));
      }
    };
    this.trainer = new PerfModelTrainer(busy, source, new PerfModelRegistry(), Clock.systemUTC(), System::nanoTime);
  }

  void start() {
    trainer.start();
  }

  /**
   * Stops starting new trainings (a running one finishes, within the trainer's time budget of 3 s per model; the
   * end-to-end phase's warm-up absorbs most of it).
   */
  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
  }

  /** Models trained so far. */
  long trained() {
    return trainer.stats().trained();
  }

  /** CPU-busy training time so far, seconds. */
  double busySeconds() {
    return trainer.stats().busyNanos() / 1e9;
  }

  @Override
  public void close() {
    trainer.close();
  }

  /** A CPU-bound service (4 cores, 62 % at 200/s) under a load wandering between 30 % and 100 % of 200/s. */
  private static ServiceHistory history(String name, int rows, long seed) {
    SimulatedService s = new SimulatedService(new SimulatedService.Spec(200, 3, 4, 0.62, 10, 0.3, 32, 0.25, 0.15,
        0.35, 0.01, 4, 0.2));
    Random random = new Random(seed);
    ServiceHistory.Builder b = ServiceHistory.builder(name, SimulatedService.FEATURES);
    double level = 0.65;
    for (int i = 0; i < rows; i++) {
      level = Math.min(1, Math.max(0.3, level + 0.03 * random.nextGaussian() + 0.02 * (0.65 - level)));
      SimulatedService.Observation o = s.observe(200 * level, random);
      b.add(i * 10_000L, 200 * level, o.features(), o.p50Millis(), o.p99Millis());
    }
    return b.build();
  }
}
