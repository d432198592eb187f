package dev.faultline.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.faultline.agent.series.CollectedSamples;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.MetricNames;
import java.lang.management.MemoryUsage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

  /** Fake sources with settable readings. */
  static final class FakeJvm implements MemorySource, ThreadSource, GcSource, ProcessSource {
    long heapUsed = 100;
    long heapMax = 400;
    long gcMillis;
    long gcCount;
    long cpuNanos;
    long now;

    @Override
    public MemoryUsage heap() {
      return new MemoryUsage(0, heapUsed, 200, heapMax);
    }

    @Override
    public MemoryUsage nonHeap() {
      return new MemoryUsage(0, 50, 60, -1);
    }

    @Override
    public int live() {
      return 12;
    }

    @Override
    public int daemon() {
      return 5;
    }

    @Override
    public int peak() {
      return 20;
    }

    @Override
    public int count() {
      return 1;
    }

    @Override
    public String name(int index) {
      return "G1 Young Generation";
    }

    @Override
    public long collections(int index) {
      return gcCount;
    }

    @Override
    public long timeMillis(int index) {
      return gcMillis;
    }

    @Override
    public long cpuNanos() {
      return cpuNanos;
    }

    @Override
    public int processors() {
      return 4;
    }

    @Override
    public long uptimeMillis() {
      return 90_500;
    }

    @Override
    public long classesLoaded() {
      return 3000;
    }
  }

  private final SeriesRegistry registry = new SeriesRegistry();
  private final FakeJvm jvm = new FakeJvm();

  private Map<String, Double> collect(JvmMetrics metrics) {
    return CollectedSamples.byName(metrics, registry);
  }

  @Test
  void reportsMemoryThreadsClassesAndUptime() {
    Map<String, Double> m = collect(new JvmMetrics(registry, jvm, jvm, jvm, jvm, () -> jvm.now));
    assertEquals(100.0, m.get(MetricNames.JVM_HEAP_USED_BYTES));
    assertEquals(200.0, m.get(MetricNames.JVM_HEAP_COMMITTED_BYTES));
    assertEquals(400.0, m.get(MetricNames.JVM_HEAP_MAX_BYTES));
    assertEquals(0.25, m.get(MetricNames.MEMORY_USAGE_RATIO));
    assertEquals(50.0, m.get(MetricNames.JVM_NONHEAP_USED_BYTES));
    assertEquals(12.0, m.get(MetricNames.JVM_THREADS_LIVE));
    assertEquals(5.0, m.get(MetricNames.JVM_THREADS_DAEMON));
    assertEquals(20.0, m.get(MetricNames.JVM_THREADS_PEAK));
    assertEquals(3000.0, m.get(MetricNames.JVM_CLASSES_LOADED));
    assertEquals(90.5, m.get(MetricNames.PROCESS_UPTIME_SECONDS));
  }

  @Test
  void ratiosAreOverTheIntervalSinceThePreviousCollection() {
    JvmMetrics metrics = new JvmMetrics(registry, jvm, jvm, jvm, jvm, () -> jvm.now);
    jvm.now = 10_000_000_000L;
    jvm.gcMillis = 500;
    jvm.gcCount = 7;
    jvm.cpuNanos = 20_000_000_000L;
    Map<String, Double> m = collect(metrics);
    assertEquals(0.05, m.get(MetricNames.JVM_GC_TIME_RATIO), 1e-9);
    assertEquals(0.5, m.get(MetricNames.CPU_USAGE_RATIO), 1e-9);
    assertEquals(7.0, m.get(MetricNames.JVM_GC_COLLECTIONS_TOTAL + "{G1 Young Generation}"));
    assertEquals(0.5, m.get(MetricNames.JVM_GC_TIME_SECONDS_TOTAL + "{G1 Young Generation}"));
    jvm.now = 20_000_000_000L;
    Map<String, Double> quiet = collect(metrics);
    assertEquals(0.0, quiet.get(MetricNames.JVM_GC_TIME_RATIO));
    assertEquals(0.0, quiet.get(MetricNames.CPU_USAGE_RATIO));
  }

  @Test
  void undefinedHeapMaxIsLeftOut() {
    jvm.heapMax = -1;
    Map<String, Double> m = collect(new JvmMetrics(registry, jvm, jvm, jvm, jvm, () -> jvm.now));
    assertFalse(m.containsKey(MetricNames.JVM_HEAP_MAX_BYTES));
    assertFalse(m.containsKey(MetricNames.MEMORY_USAGE_RATIO));
  }

  @Test
  void realMxBeansProduceEveryJvmMetric() {
    JvmMetrics metrics = JvmMetrics.forThisJvm(registry);
    Map<String, Double> m = collect(metrics);
    for (String name : new String[] {MetricNames.JVM_HEAP_USED_BYTES, MetricNames.JVM_THREADS_LIVE,
        MetricNames.CPU_USAGE_RATIO, MetricNames.JVM_GC_TIME_RATIO, MetricNames.PROCESS_UPTIME_SECONDS}) {
      assertEquals(true, m.containsKey(name), name + " in " + m.keySet());
    }
  }
}
