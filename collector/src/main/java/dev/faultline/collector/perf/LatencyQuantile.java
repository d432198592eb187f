package dev.faultline.collector.perf;

/** The latency quantiles the performance model predicts. */
public enum LatencyQuantile {
  P50,
  P99
}
