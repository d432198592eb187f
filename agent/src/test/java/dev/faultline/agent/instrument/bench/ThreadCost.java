package dev.faultline.agent.instrument.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The calling thread's CPU time and allocated bytes over a number of runs of one operation (exact, per thread). */
final class ThreadCost {

  /** Rounds run per case; the first half warm the JIT up and are not counted. */
  private static final int ROUNDS = 10;
  private static final int COUNTED = ROUNDS / 2;

  private ThreadCost() {}

  /** One case's cost per operation: the best CPU time of the counted rounds, their mean allocation. */
  record PerOperation(double nanos, double bytes) {}

  /**
   * Each case's cost per operation, in the cases' order: {@value #ROUNDS} rounds over all cases, each case run
   * {@code operations} times per round, the last {@value #COUNTED} rounds counted.
   */
  static Map<String, PerOperation> perOperation(Map<String, Runnable> cases, int operations) {
    Map<String, Double> best = new LinkedHashMap<>();
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (Map.Entry<String, Runnable> c : cases.entrySet()) {
        long[] measured = measure(operations, c.getValue());
        if (round >= ROUNDS - COUNTED) {
          best.merge(c.getKey(), measured[0] / (double) operations, Math::min);
          bytes.merge(c.getKey(), measured[1], Long::sum);
        }
      }
    }
    Map<String, PerOperation> costs = new LinkedHashMap<>();
    best.forEach((name, nanos) ->
        costs.put(name, new PerOperation(nanos, bytes.get(name) / ((double) COUNTED * operations))));
    return costs;
  }

  /** {CPU nanoseconds, bytes allocated} of this thread over {@code operations} runs of {@code operation}. */
  static long[] measure(int operations, Runnable operation) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    long start = threads.getCurrentThreadCpuTime();
    long startBytes = threads.getThreadAllocatedBytes(self);
    for (int i = 0; i < operations; i++) {
      operation.run();
    }
    return new long[] {threads.getCurrentThreadCpuTime() - start, threads.getThreadAllocatedBytes(self) - startBytes};
  }
}
