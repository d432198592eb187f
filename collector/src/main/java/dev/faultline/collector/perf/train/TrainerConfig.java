package dev.faultline.collector.perf.train;

import dev.faultline.collector.perf.model.LatencyModelFitter;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and cadence of the {@link PerfModelTrainer}.
 *
 * @param refreshPeriod delay between the end of one refresh of all services and the start of the next, > 0
 * @param maxRows row budget: only the latest {@code maxRows} rows of a history are used, >= the fitter's minRows
 * @param timeBudgetPerModel time budget of one service's training; once spent, boosting stops adding trees (ridge,
 *     load responses and the trees already built are kept), > 0
 * @param cpuShare duty cycle of the trainer thread, in (0, 1]: after a training that took {@code d}, the thread
 *     idles {@code d (1/cpuShare - 1)} before the next, so over a refresh it is busy at most {@code cpuShare} of
 *     the time (of one core, since it is one thread)
 * @param fitter model fitting parameters
 */
public record TrainerConfig(
    Duration refreshPeriod, int maxRows, Duration timeBudgetPerModel, double cpuShare,
    LatencyModelFitter.Config fitter) {

  /** Validates every parameter; messages name the parameter. */
  public TrainerConfig {
    Objects.requireNonNull(refreshPeriod, "refreshPeriod");
    Objects.requireNonNull(timeBudgetPerModel, "timeBudgetPerModel");
    Objects.requireNonNull(fitter, "fitter");
    if (refreshPeriod.isNegative() || refreshPeriod.isZero()) {
      throw new IllegalArgumentException("refreshPeriod must be > 0, was " + refreshPeriod);
    }
    if (maxRows < fitter.minRows()) {
      throw new IllegalArgumentException("maxRows must be >= fitter.minRows() = " + fitter.minRows() + ", was "
          + maxRows);
    }
    if (timeBudgetPerModel.isNegative() || timeBudgetPerModel.isZero()) {
      throw new IllegalArgumentException("timeBudgetPerModel must be > 0, was " + timeBudgetPerModel);
    }
    if (!(cpuShare > 0 && cpuShare <= 1)) {
      throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
    }
  }

  /**
   * Every 15 minutes, 2160 rows (6 h at 10 s), 3 s per model, 25% of one core. Measured on the 2-core benchmark VM
   * (BENCHMARKS.md), an unbounded training takes about 0.8 s at 720 rows and 2.7 s at 4320 rows, so the budget
   * rarely cuts boosting at these defaults; at 25% a refresh of 50 services keeps one core a quarter busy for about
   * 4 to 10 minutes.
   */
  public static TrainerConfig defaults(long seed) {
    return new TrainerConfig(Duration.ofMinutes(15), 2160, Duration.ofSeconds(3), 0.25,
        LatencyModelFitter.Config.defaults(seed));
  }
}
