package dev.faultline.agent.jvm;

import dev.faultline.agent.series.MetricFamily;
import dev.faultline.agent.series.SampleBuffer;
import dev.faultline.agent.series.SampleCollector;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.MetricNames;
import dev.faultline.proto.v1.MetricType;
import java.lang.management.MemoryUsage;
import java.util.function.LongSupplier;

/**
 * Samples the JVM once per interval: memory, GC, threads, classes, uptime, and two interval ratios.
 *
 * <p>{@code cpu_usage_ratio} is process CPU time over the interval divided by wall time times cores (0..1);
 * {@code jvm_gc_time_ratio} is GC time over the interval (all collectors) divided by wall time. Both compare
 * with the previous call, or with construction time for the first call. Not thread-safe: one collection thread.
 */
public final class JvmMetrics implements SampleCollector {

  private static final MetricType GAUGE = MetricType.METRIC_TYPE_GAUGE;
  private static final MetricType COUNTER = MetricType.METRIC_TYPE_COUNTER;

  private final MemorySource memory;
  private final ThreadSource threads;
  private final GcSource gc;
  private final ProcessSource process;
  private final LongSupplier nanoTime;

  private final MetricFamily heapUsed;
  private final MetricFamily heapCommitted;
  private final MetricFamily heapMax;
  private final MetricFamily nonHeapUsed;
  private final MetricFamily gcCollections;
  private final MetricFamily gcSeconds;
  private final MetricFamily gcRatio;
  private final MetricFamily threadsLive;
  private final MetricFamily threadsDaemon;
  private final MetricFamily threadsPeak;
  private final MetricFamily classesLoaded;
  private final MetricFamily uptime;
  private final MetricFamily cpuRatio;
  private final MetricFamily memoryRatio;

  private long lastNanos;
  private long lastCpuNanos;
  private long lastGcMillis;

  public JvmMetrics(SeriesRegistry registry, MemorySource memory, ThreadSource threads, GcSource gc,
      ProcessSource process, LongSupplier nanoTime) {
    this.memory = memory;
    this.threads = threads;
    this.gc = gc;
    this.process = process;
    this.nanoTime = nanoTime;
    heapUsed = registry.family(MetricNames.JVM_HEAP_USED_BYTES, GAUGE, "bytes", null);
    heapCommitted = registry.family(MetricNames.JVM_HEAP_COMMITTED_BYTES, GAUGE, "bytes", null);
    heapMax = registry.family(MetricNames.JVM_HEAP_MAX_BYTES, GAUGE, "bytes", null);
    nonHeapUsed = registry.family(MetricNames.JVM_NONHEAP_USED_BYTES, GAUGE, "bytes", null);
    gcCollections = registry.family(MetricNames.JVM_GC_COLLECTIONS_TOTAL, COUNTER, "collections", "gc");
    gcSeconds = registry.family(MetricNames.JVM_GC_TIME_SECONDS_TOTAL, COUNTER, "seconds", "gc");
    gcRatio = registry.family(MetricNames.JVM_GC_TIME_RATIO, GAUGE, "ratio", null);
    threadsLive = registry.family(MetricNames.JVM_THREADS_LIVE, GAUGE, "threads", null);
    threadsDaemon = registry.family(MetricNames.JVM_THREADS_DAEMON, GAUGE, "threads", null);
    threadsPeak = registry.family(MetricNames.JVM_THREADS_PEAK, GAUGE, "threads", null);
    classesLoaded = registry.family(MetricNames.JVM_CLASSES_LOADED, GAUGE, "classes", null);
    uptime = registry.family(MetricNames.PROCESS_UPTIME_SECONDS, GAUGE, "seconds", null);
    cpuRatio = registry.family(MetricNames.CPU_USAGE_RATIO, GAUGE, "ratio", null);
    memoryRatio = registry.family(MetricNames.MEMORY_USAGE_RATIO, GAUGE, "ratio", null);
    lastNanos = nanoTime.getAsLong();
    lastCpuNanos = process.cpuNanos();
    lastGcMillis = totalGcMillis();
  }

  /** Creates the metrics over this JVM's MXBeans. */
  public static JvmMetrics forThisJvm(SeriesRegistry registry) {
    MxBeanSources beans = new MxBeanSources();
    return new JvmMetrics(registry, beans, beans, beans, beans, System::nanoTime);
  }

  /** Appends this interval's samples. */
  @Override
  public void collect(SampleBuffer out) {
    long now = nanoTime.getAsLong();
    long elapsedNanos = now - lastNanos;
    lastNanos = now;
    collectMemory(out);
    collectGc(out, elapsedNanos);
    out.add(threadsLive.id(), threads.live());
    out.add(threadsDaemon.id(), threads.daemon());
    out.add(threadsPeak.id(), threads.peak());
    out.add(classesLoaded.id(), process.classesLoaded());
    out.add(uptime.id(), process.uptimeMillis() / 1000.0);
    collectCpu(out, elapsedNanos);
  }

  private void collectMemory(SampleBuffer out) {
    MemoryUsage heap = memory.heap();
    out.add(heapUsed.id(), heap.getUsed());
    out.add(heapCommitted.id(), heap.getCommitted());
    if (heap.getMax() > 0) {
      out.add(heapMax.id(), heap.getMax());
      out.add(memoryRatio.id(), (double) heap.getUsed() / heap.getMax());
    }
    out.add(nonHeapUsed.id(), memory.nonHeap().getUsed());
  }

  private void collectGc(SampleBuffer out, long elapsedNanos) {
    for (int i = 0; i < gc.count(); i++) {
      String name = gc.name(i);
      long count = gc.collections(i);
      long millis = gc.timeMillis(i);
      if (count >= 0) {
        out.add(gcCollections.id(name), count);
      }
      if (millis >= 0) {
        out.add(gcSeconds.id(name), millis / 1000.0);
      }
    }
    long gcMillis = totalGcMillis();
    if (elapsedNanos > 0) {
      out.add(gcRatio.id(), clampRatio((gcMillis - lastGcMillis) * 1e6 / elapsedNanos));
    }
    lastGcMillis = gcMillis;
  }

  private void collectCpu(SampleBuffer out, long elapsedNanos) {
    long cpu = process.cpuNanos();
    int cores = Math.max(1, process.processors());
    if (cpu >= 0 && lastCpuNanos >= 0 && elapsedNanos > 0) {
      out.add(cpuRatio.id(), clampRatio((double) (cpu - lastCpuNanos) / ((double) elapsedNanos * cores)));
    }
    lastCpuNanos = cpu;
  }

  private long totalGcMillis() {
    long total = 0;
    for (int i = 0; i < gc.count(); i++) {
      total += Math.max(0, gc.timeMillis(i));
    }
    return total;
  }

  private static double clampRatio(double r) {
    return Math.max(0.0, Math.min(1.0, r));
  }
}
