package dev.faultline.collector.perf;

/** The latency quantiles the performance model predicts. */
public enum LatencyQuantile {
  P50(0.5),
  P99(0.99);

  private final double probability;

  LatencyQuantile(double probability) {
    this.probability = probability;
  }

  /** The quantile as a probability, e.g. 0.99 for p99. */
  public double probability() {
    return probability;
  }
}
