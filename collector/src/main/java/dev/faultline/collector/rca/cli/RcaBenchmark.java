package dev.faultline.collector.rca.cli;

/** Placeholder replaced below. */
final class RcaBenchmark {
  private RcaBenchmark() {}

  static String run(int services) {
    return "not yet";
  }
}
