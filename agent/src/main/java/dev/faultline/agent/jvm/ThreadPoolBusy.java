package dev.faultline.agent.jvm;

import dev.faultline.agent.series.MetricFamily;
import dev.faultline.agent.series.SampleBuffer;
import dev.faultline.agent.series.SampleCollector;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.MetricNames;
import dev.faultline.proto.v1.MetricType;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * {@code thread_pool_busy_ratio}: how busy the busiest bounded thread pool was over the interval. {@link #sample()}
 * (several times per interval) reads each pool's active threads over its maximum size; {@link #collect} reports
 * the largest per-pool mean of those readings since the last report, so that a pool's saturation is what the
 * performance models see as the queue requests wait for. Pools whose maximum size is above {@link
 * #MAX_BOUNDED_SIZE} (cached pools) cannot saturate and are left out, and so are pools that completed no task
 * in the interval: a pool kept busy by a long-running loop (a single-thread executor running a consumer, say) is
 * always "full" but is not a queue that requests wait in, and would otherwise be named the bottleneck of every
 * service that has one. With bounded pools but none that completed a task, 0 is reported (idle); with no bounded
 * pool at all, nothing. Not thread-safe: the metrics thread calls both methods.
 */
public final class ThreadPoolBusy implements SampleCollector {

  /** How often {@link #sample()} should run: 20 readings per 1 s interval. */
  public static final long SAMPLE_MILLIS = 50;

  /** A pool allowed more threads than this is treated as unbounded. */
  static final int MAX_BOUNDED_SIZE = 4096;

  private final Supplier<List<ThreadPoolExecutor>> pools;
  private final MetricFamily busyRatio;
  // Per pool {sum of busy fractions, readings}; weak so that a dropped pool is forgotten.
  private final Map<ThreadPoolExecutor, double[]> readings = new WeakHashMap<>();
  // Per pool its completed-task count at the last report.
  private final Map<ThreadPoolExecutor, Long> completedAtLastReport = new WeakHashMap<>();

  public ThreadPoolBusy(SeriesRegistry registry, Supplier<List<ThreadPoolExecutor>> pools) {
    this.pools = pools;
    this.busyRatio = registry.family(MetricNames.THREAD_POOL_BUSY_RATIO, MetricType.METRIC_TYPE_GAUGE, "ratio",
        null);
  }

  /** Takes one reading of every bounded pool. */
  public void sample() {
    for (ThreadPoolExecutor pool : pools.get()) {
      int max = pool.getMaximumPoolSize();
      if (max <= 0 || max > MAX_BOUNDED_SIZE || pool.isShutdown()) {
        continue;
      }
      double[] acc = readings.computeIfAbsent(pool, p -> new double[2]);
      acc[0] += Math.min(1.0, (double) pool.getActiveCount() / max);
      acc[1]++;
    }
  }

  @Override
  public void collect(SampleBuffer out) {
    double busiest = readings.isEmpty() ? -1 : 0;
    for (Map.Entry<ThreadPoolExecutor, double[]> e : readings.entrySet()) {
      double[] acc = e.getValue();
      long completed = e.getKey().getCompletedTaskCount();
      Long before = completedAtLastReport.put(e.getKey(), completed);
      boolean served = before == null ? completed > 0 : completed > before;
      if (served && acc[1] > 0) {
        busiest = Math.max(busiest, acc[0] / acc[1]);
      }
    }
    readings.clear();
    if (busiest >= 0) {
      out.add(busyRatio.id(), busiest);
    }
  }
}
