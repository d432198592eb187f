package dev.faultline.agent.instrument.bench;

import java.lang.management.ManagementFactory;

/** The calling thread's CPU time and allocated bytes over a number of runs of one operation (exact, per thread). */
final class ThreadCost {

  private ThreadCost() {}

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
