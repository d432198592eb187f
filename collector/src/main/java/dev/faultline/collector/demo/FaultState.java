package dev.faultline.collector.demo;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The fault currently injected into a demo service. Set through {@code /admin/fault} with a query string:
 * {@code latency-ms=300} adds latency to every request, {@code error-ratio=0.3} fails that share of requests,
 * {@code cpu-factor=20} multiplies the CPU work; {@code clear} removes every fault.
 */
final class FaultState {

  static final int BASE_CPU_ITERATIONS = 20_000;

  private volatile long latencyMillis;
  private volatile double errorRatio;
  private volatile int cpuFactor = 1;

  void apply(String query) {
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      String value = kv.length > 1 ? kv[1] : "";
      switch (kv[0]) {
        case "clear" -> {
          latencyMillis = 0;
          errorRatio = 0;
          cpuFactor = 1;
        }
        case "latency-ms" -> latencyMillis = (long) parse(kv[0], value, 0, 60_000);
        case "error-ratio" -> errorRatio = parse(kv[0], value, 0, 1);
        case "cpu-factor" -> cpuFactor = (int) parse(kv[0], value, 1, 1000);
        default -> throw new IllegalArgumentException(
            "unknown fault parameter '" + kv[0] + "'; use latency-ms, error-ratio, cpu-factor or clear");
      }
    }
  }

  /** Parses a number in [min, max]; the message names the parameter and the accepted range. */
  private static double parse(String key, String value, double min, double max) {
    double number;
    try {
      number = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
    }
    if (!(number >= min && number <= max)) {
      throw new IllegalArgumentException(key + ": " + value + " is outside [" + min + ", " + max + "]");
    }
    return number;
  }

  void beforeWork() throws InterruptedException {
    long delay = latencyMillis;
    if (delay > 0) {
      Thread.sleep(delay);
    }
  }

  int cpuIterations() {
    return BASE_CPU_ITERATIONS * cpuFactor;
  }

  boolean shouldFail() {
    double ratio = errorRatio;
    return ratio > 0 && ThreadLocalRandom.current().nextDouble() < ratio;
  }

  String describe() {
    return "latency-ms=" + latencyMillis + " error-ratio=" + errorRatio + " cpu-factor=" + cpuFactor;
  }
}
