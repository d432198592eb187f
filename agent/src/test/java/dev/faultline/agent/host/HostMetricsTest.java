package dev.faultline.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.host.oshi.RawHostKeys;
import dev.faultline.agent.internal.AgentLog;
import dev.faultline.agent.series.CollectedSamples;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.MetricNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class HostMetricsTest {

  private final SeriesRegistry registry = new SeriesRegistry();
  private Map<String, Double> raw = new HashMap<>();
  private long now;

  private Map<String, Double> collect(HostMetrics metrics) {
    return CollectedSamples.byName(metrics, registry);
  }

  private void reading(double busy, double total, double diskRead, double rx) {
    raw = new HashMap<>();
    raw.put(RawHostKeys.CPU_BUSY_TICKS, busy);
    raw.put(RawHostKeys.CPU_TOTAL_TICKS, total);
    raw.put(RawHostKeys.LOAD1, 1.5);
    raw.put(RawHostKeys.MEMORY_TOTAL_BYTES, 1000.0);
    raw.put(RawHostKeys.MEMORY_AVAILABLE_BYTES, 250.0);
    raw.put(RawHostKeys.labelled(RawHostKeys.DISK_READ_BYTES, "/dev/sda"), diskRead);
    raw.put(RawHostKeys.labelled(RawHostKeys.FS_USED_BYTES, "/data#1"), 30.0);
    raw.put(RawHostKeys.labelled(RawHostKeys.FS_TOTAL_BYTES, "/data#1"), 120.0);
    raw.put(RawHostKeys.labelled(RawHostKeys.NET_RECEIVE_BYTES, "eth0"), rx);
  }

  @Test
  void firstReadingGivesGaugesAndLaterReadingsGiveRatesAndCpu() {
    HostMetrics metrics = new HostMetrics(registry, () -> raw, () -> now);
    reading(100, 1000, 5000, 100);
    Map<String, Double> first = collect(metrics);
    assertEquals(1.5, first.get(MetricNames.HOST_LOAD1));
    assertEquals(750.0, first.get(MetricNames.HOST_MEMORY_USED_BYTES));
    assertEquals(0.75, first.get(MetricNames.HOST_MEMORY_USAGE_RATIO));
    assertEquals(1000.0, first.get(MetricNames.HOST_MEMORY_TOTAL_BYTES));
    assertEquals(30.0, first.get(MetricNames.HOST_FILESYSTEM_USED_BYTES + "{/data#1}"));
    assertEquals(0.25, first.get(MetricNames.HOST_FILESYSTEM_USAGE_RATIO + "{/data#1}"));
    assertFalse(first.containsKey(MetricNames.HOST_CPU_USAGE_RATIO));
    assertFalse(first.containsKey(MetricNames.HOST_DISK_READ_BYTES_PER_SECOND + "{/dev/sda}"));

    now += 2_000_000_000L;
    reading(400, 2000, 9000, 50);
    Map<String, Double> second = collect(metrics);
    assertEquals(0.3, second.get(MetricNames.HOST_CPU_USAGE_RATIO), 1e-9);
    assertEquals(2000.0, second.get(MetricNames.HOST_DISK_READ_BYTES_PER_SECOND + "{/dev/sda}"));
    assertFalse(second.containsKey(MetricNames.HOST_NETWORK_RECEIVE_BYTES_PER_SECOND + "{eth0}"),
        "a counter that went backwards gives no rate");
  }

  @Test
  void failingSourceDisablesHostMetricsWithOneLine() {
    List<String> lines = new ArrayList<>();
    Consumer<String> previous = AgentLog.redirect(lines::add);
    try {
      HostMetrics metrics = new HostMetrics(registry, () -> {
        throw new UnsatisfiedLinkError("no jnidispatch");
      }, () -> now);
      assertTrue(collect(metrics).isEmpty());
      assertTrue(collect(metrics).isEmpty());
      assertTrue(metrics.disabled());
      assertEquals(1, lines.size(), lines::toString);
      assertTrue(lines.get(0).contains("host metrics disabled"));
    } finally {
      AgentLog.redirect(previous);
    }
  }
}
