package dev.faultline.agent.host;

import dev.faultline.agent.host.oshi.RawHostKeys;
import dev.faultline.agent.internal.AgentLog;
import dev.faultline.agent.internal.Throwables;
import dev.faultline.agent.series.MetricFamily;
import dev.faultline.agent.series.SampleBuffer;
import dev.faultline.agent.series.SampleCollector;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.MetricNames;
import dev.faultline.proto.v1.MetricType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns raw host readings ({@link RawHostKeys}) into host metrics: gauges as read, CPU utilisation from the tick
 * deltas since the previous reading, and per-second rates for disk and network counters. The first reading only
 * sets the baseline for ratios and rates. A counter that went backwards (device reset, reboot) yields no rate
 * for that interval.
 *
 * <p>If the source throws, host metrics are disabled for good with one stderr line; JVM metrics go on. Not
 * thread-safe: one collection thread.
 */
public final class HostMetrics implements SampleCollector {

  private static final MetricType GAUGE = MetricType.METRIC_TYPE_GAUGE;
  private static final MetricType RATE = MetricType.METRIC_TYPE_RATE;

  private final Supplier<Map<String, Double>> source;
  private final LongSupplier nanoTime;
  /** Raw key name (without label) to the family it feeds. */
  private final Map<String, Family> byRaw = new HashMap<>();
  /** Families derived from several raw values. */
  private final Map<String, MetricFamily> families = new HashMap<>();
  private final MetricFamily cpu;
  private Map<String, Double> previous;
  private long previousNanos;
  private boolean disabled;

  public HostMetrics(SeriesRegistry registry, Supplier<Map<String, Double>> source, LongSupplier nanoTime) {
    this.source = source;
    this.nanoTime = nanoTime;
    cpu = registry.family(MetricNames.HOST_CPU_USAGE_RATIO, GAUGE, "ratio", null);
    gauge(registry, RawHostKeys.LOAD1, MetricNames.HOST_LOAD1, "load", null);
    gauge(registry, RawHostKeys.LOAD5, MetricNames.HOST_LOAD5, "load", null);
    gauge(registry, RawHostKeys.LOAD15, MetricNames.HOST_LOAD15, "load", null);
    gauge(registry, RawHostKeys.SWAP_TOTAL_BYTES, MetricNames.HOST_SWAP_TOTAL_BYTES, "bytes", null);
    gauge(registry, RawHostKeys.SWAP_USED_BYTES, MetricNames.HOST_SWAP_USED_BYTES, "bytes", null);
    gauge(registry, RawHostKeys.MEMORY_TOTAL_BYTES, MetricNames.HOST_MEMORY_TOTAL_BYTES, "bytes", null);
    gauge(registry, RawHostKeys.FS_USED_BYTES, MetricNames.HOST_FILESYSTEM_USED_BYTES, "bytes", "mount");
    families.put(MetricNames.HOST_MEMORY_USED_BYTES,
        registry.family(MetricNames.HOST_MEMORY_USED_BYTES, GAUGE, "bytes", null));
    families.put(MetricNames.HOST_MEMORY_USAGE_RATIO,
        registry.family(MetricNames.HOST_MEMORY_USAGE_RATIO, GAUGE, "ratio", null));
    families.put(MetricNames.HOST_FILESYSTEM_USAGE_RATIO,
        registry.family(MetricNames.HOST_FILESYSTEM_USAGE_RATIO, GAUGE, "ratio", "mount"));
    rate(registry, RawHostKeys.DISK_READ_BYTES, MetricNames.HOST_DISK_READ_BYTES_PER_SECOND, "bytes/s", "device");
    rate(registry, RawHostKeys.DISK_WRITE_BYTES, MetricNames.HOST_DISK_WRITE_BYTES_PER_SECOND, "bytes/s", "device");
    rate(registry, RawHostKeys.NET_RECEIVE_BYTES, MetricNames.HOST_NETWORK_RECEIVE_BYTES_PER_SECOND, "bytes/s",
        "interface");
    rate(registry, RawHostKeys.NET_TRANSMIT_BYTES, MetricNames.HOST_NETWORK_TRANSMIT_BYTES_PER_SECOND, "bytes/s",
        "interface");
    rate(registry, RawHostKeys.NET_ERRORS, MetricNames.HOST_NETWORK_ERRORS_PER_SECOND, "errors/s", "interface");
  }

  /** Appends this interval's host samples; does nothing once disabled. */
  @Override
  public void collect(SampleBuffer out) {
    if (disabled) {
      return;
    }
    Map<String, Double> now;
    try {
      now = source.get();
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      disabled = true;
      AgentLog.warn("host metrics disabled, reading them failed (" + Throwables.describe(t)
          + "); JVM metrics continue");
      return;
    }
    long nanos = nanoTime.getAsLong();
    double seconds = previous == null ? 0 : (nanos - previousNanos) / 1e9;
    for (Map.Entry<String, Double> e : now.entrySet()) {
      emit(e.getKey(), e.getValue(), seconds, out);
    }
    emitDerived(now, out);
    previous = now;
    previousNanos = nanos;
  }

  /** True after the source failed. */
  public boolean disabled() {
    return disabled;
  }

  private void emit(String key, double value, double seconds, SampleBuffer out) {
    int sep = key.indexOf(RawHostKeys.SEPARATOR);
    String name = sep < 0 ? key : key.substring(0, sep);
    Family f = byRaw.get(name);
    if (f == null) {
      return;
    }
    String label = sep < 0 ? null : key.substring(sep + 1);
    if (!f.rate) {
      out.add(label == null ? f.family.id() : f.family.id(label), value);
      return;
    }
    Double before = previous == null ? null : previous.get(key);
    if (before != null && seconds > 0 && value >= before) {
      out.add(label == null ? f.family.id() : f.family.id(label), (value - before) / seconds);
    }
  }

  private void emitDerived(Map<String, Double> now, SampleBuffer out) {
    Double total = now.get(RawHostKeys.MEMORY_TOTAL_BYTES);
    Double available = now.get(RawHostKeys.MEMORY_AVAILABLE_BYTES);
    if (total != null && available != null && total > 0) {
      out.add(families.get(MetricNames.HOST_MEMORY_USED_BYTES).id(), total - available);
      out.add(families.get(MetricNames.HOST_MEMORY_USAGE_RATIO).id(), (total - available) / total);
    }
    MetricFamily fsRatio = families.get(MetricNames.HOST_FILESYSTEM_USAGE_RATIO);
    String usedPrefix = RawHostKeys.FS_USED_BYTES + RawHostKeys.SEPARATOR;
    for (Map.Entry<String, Double> e : now.entrySet()) {
      if (e.getKey().startsWith(usedPrefix)) {
        String mount = e.getKey().substring(usedPrefix.length());
        Double size = now.get(RawHostKeys.labelled(RawHostKeys.FS_TOTAL_BYTES, mount));
        if (size != null && size > 0) {
          out.add(fsRatio.id(mount), e.getValue() / size);
        }
      }
    }
    emitCpu(now, out);
  }

  private void emitCpu(Map<String, Double> now, SampleBuffer out) {
    if (previous == null) {
      return;
    }
    Double busy = now.get(RawHostKeys.CPU_BUSY_TICKS);
    Double total = now.get(RawHostKeys.CPU_TOTAL_TICKS);
    Double busyBefore = previous.get(RawHostKeys.CPU_BUSY_TICKS);
    Double totalBefore = previous.get(RawHostKeys.CPU_TOTAL_TICKS);
    if (busy == null || total == null || busyBefore == null || totalBefore == null) {
      return;
    }
    double ticks = total - totalBefore;
    if (ticks > 0) {
      out.add(cpu.id(), Math.max(0, Math.min(1, (busy - busyBefore) / ticks)));
    }
  }

  private void gauge(SeriesRegistry r, String raw, String metric, String unit, String labelKey) {
    byRaw.put(raw, new Family(r.family(metric, GAUGE, unit, labelKey), false));
  }

  private void rate(SeriesRegistry r, String raw, String metric, String unit, String labelKey) {
    byRaw.put(raw, new Family(r.family(metric, RATE, unit, labelKey), true));
  }

  private static final class Family {
    final MetricFamily family;
    final boolean rate;

    Family(MetricFamily family, boolean rate) {
      this.family = family;
      this.rate = rate;
    }
  }
}
