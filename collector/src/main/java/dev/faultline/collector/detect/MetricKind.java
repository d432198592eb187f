package dev.faultline.collector.detect;

import java.util.Map;
import java.util.Locale;

/**
 * Kinds of metric that get different default detectors, inferred from the metric name when no configuration rule
 * matches.
 */
public enum MetricKind {
  /** Latency quantiles and durations: spikes and level shifts matter; a daily profile is common. */
  LATENCY(Detectors.DEFAULT),
  /** Error ratios: mostly near 0; any lasting rise matters. */
  ERROR_RATIO("ewma+cusum"),
  /** Request, message and byte rates: strongly daily/weekly, so compare with the seasonal profile. */
  RATE(Detectors.DEFAULT),
  /** CPU, thread pool or connection pool utilisation. */
  UTILISATION(Detectors.DEFAULT),
  /** Heap, memory, GC: slow drift is normal up to a point, a fast change is not. */
  MEMORY("ewma+cusum"),
  /** Anything else: the general default set. */
  OTHER(Detectors.DEFAULT);

  private final String defaultExpression;

  MetricKind(String defaultExpression) {
    this.defaultExpression = defaultExpression;
  }

  /**
   * Detector expression (see {@link Detectors#create(String, Map)}) used for this kind when nothing is configured.
   * The other kinds use {@link Detectors#DEFAULT}, the default set. Error ratios and memory add CUSUM for lasting
   * level shifts and use no daily profile.
   */
  public String defaultExpression() {
    return defaultExpression;
  }

  /**
   * Infers the kind from a metric name by keyword (case-insensitive, first match wins): latency, duration, time,
   * p50/p90/p99 give LATENCY; error, fail, 5xx give ERROR_RATIO; heap, mem, gc, rss give MEMORY; cpu, util, load,
   * pool, usage give UTILISATION; rate, count, requests, rps, bytes, throughput give RATE; otherwise OTHER.
   */
  public static MetricKind infer(String metricName) {
    String n = metricName.toLowerCase(Locale.ROOT);
    if (has(n, "error", "fail", "5xx")) {
      return ERROR_RATIO;
    }
    if (has(n, "latency", "duration", "p50", "p90", "p95", "p99", "response_time", "time")) {
      return LATENCY;
    }
    if (has(n, "heap", "mem", "gc", "rss")) {
      return MEMORY;
    }
    if (has(n, "cpu", "util", "load", "pool", "usage")) {
      return UTILISATION;
    }
    if (has(n, "rate", "count", "request", "rps", "bytes", "throughput", "network")) {
      return RATE;
    }
    return OTHER;
  }

  private static boolean has(String name, String... keys) {
    for (String k : keys) {
      if (name.contains(k)) {
        return true;
      }
    }
    return false;
  }
}
