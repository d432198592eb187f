package dev.faultline.collector.rca;

import java.util.Objects;

/**
 * Names one per-edge series, e.g. the P50 latency of {@code caller -> callee} measured at the caller
 * ({@code client_latency_p50_seconds}) or at the callee ({@code latency_p50_seconds}).
 */
public record EdgeSeriesKey(String caller, String callee, String metric) implements Comparable<EdgeSeriesKey> {
  public EdgeSeriesKey {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(callee, "callee");
    Objects.requireNonNull(metric, "metric");
  }

  @Override
  public int compareTo(EdgeSeriesKey o) {
    int c = caller.compareTo(o.caller);
    if (c == 0) {
      c = callee.compareTo(o.callee);
    }
    return c != 0 ? c : metric.compareTo(o.metric);
  }
}
