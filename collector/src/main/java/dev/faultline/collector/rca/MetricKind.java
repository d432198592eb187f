package dev.faultline.collector.rca;

import java.util.Locale;

/**
 * How a metric behaves under a fault, derived from its name only (so any snake_case metric is accepted).
 *
 * <ul>
 *   <li>{@link #LATENCY}, {@link #ERRORS}: served by the service; they flow from callee to caller, against the call
 *       direction, so a caller's rise can be explained by a callee's rise;
 *   <li>{@link #CLIENT_LATENCY}: the calls the service makes; explained by callees or by the network to them;
 *   <li>{@link #TRAFFIC}: request rate; it flows with the call direction (a caller's burst reaches its callees);
 *   <li>{@link #RESOURCE}: the service's own CPU, memory, disk, network, syscalls; not propagated by calls;
 *   <li>{@link #HOST}: {@code node_*} metrics of the host the service runs on; shared with its neighbours;
 *   <li>{@link #GENERIC}: anything else, treated as the service's own evidence with a relative floor.
 * </ul>
 */
public enum MetricKind {
  LATENCY(1e-3, 0.02),
  CLIENT_LATENCY(1e-3, 0.02),
  ERRORS(0.005, 0.0),
  TRAFFIC(1e-3, 0.02),
  RESOURCE(1e-3, 0.01),
  HOST(1e-3, 0.01),
  GENERIC(1e-6, 0.01);

  private static final java.util.concurrent.ConcurrentHashMap<String, MetricKind> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final double absoluteFloor;
  private final double relativeFloor;

  MetricKind(double absoluteFloor, double relativeFloor) {
    this.absoluteFloor = absoluteFloor;
    this.relativeFloor = relativeFloor;
  }

  /** Smallest spread a baseline is given, in the metric's unit, whatever its level (guards zero-spread series). */
  public double absoluteFloor() {
    return absoluteFloor;
  }

  /** Smallest spread a baseline is given as a fraction of its median level. */
  public double relativeFloor() {
    return relativeFloor;
  }

  /** Classifies a metric name; never null. Results are cached (metric vocabularies are small). */
  public static MetricKind of(String metric) {
    MetricKind k = CACHE.get(metric);
    if (k == null) {
      k = classify(metric);
      if (CACHE.size() < 10_000) {
        CACHE.put(metric, k);
      }
    }
    return k;
  }

  private static MetricKind classify(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    if (m.startsWith("node_") || m.startsWith("host_")) {
      return HOST;
    }
    if (m.startsWith("client_latency")) {
      return CLIENT_LATENCY;
    }
    if (m.startsWith("latency") || m.endsWith("_latency_seconds") || m.startsWith("response_time")) {
      return LATENCY;
    }
    if (m.startsWith("error") || m.contains("exception") || m.endsWith("_errors_per_second")) {
      return ERRORS;
    }
    if (m.equals("request_rate") || m.startsWith("requests")) {
      return TRAFFIC;
    }
    if (m.startsWith("cpu") || m.startsWith("memory") || m.startsWith("disk") || m.startsWith("network")
        || m.startsWith("syscall") || m.startsWith("gc_") || m.startsWith("jvm_") || m.startsWith("thread")) {
      return RESOURCE;
    }
    return GENERIC;
  }

  /**
   * True when the absolute floor is a meaningful unit (seconds of latency, share of requests failing), so a change
   * from a constant baseline can be measured in it; for the other kinds such a change is capped.
   */
  public boolean hasUnitFloor() {
    return this == LATENCY || this == CLIENT_LATENCY || this == ERRORS;
  }

  /** True for the kinds whose change spreads from callee to caller. */
  public boolean flowsUpstream() {
    return this == LATENCY || this == ERRORS || this == CLIENT_LATENCY;
  }
}
