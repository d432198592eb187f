package dev.faultline.agent.instrument.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A cross-check of the JMH figures on a shared, overloaded machine: the thread's CPU time (not wall time) per
 * operation, so time the thread spends preempted by other processes is not counted. Same operations as
 * {@link InstrumentationOverheadBenchmark}; 5 warm-up rounds, then the best of 5 measured rounds.
 *
 * <pre>
 * java -cp agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.cp) \
 *     dev.faultline.agent.instrument.bench.CpuTimeProbe
 * </pre>
 */
public final class CpuTimeProbe {

  private static final int OPERATIONS = 2_000_000;

  private CpuTimeProbe() {}

  public static void main(String[] args) {
    InstrumentationOverheadBenchmark bench = new InstrumentationOverheadBenchmark();
    bench.setUp();
    report("nanoTimeOnly", bench::nanoTimeOnly, bench);
    report("serverRequestFixedPath", bench::serverRequestFixedPath, bench);
    report("serverRequestPathWithId", bench::serverRequestPathWithId, bench);
    report("serverRequestWithPropagationHeaders", bench::serverRequestWithPropagationHeaders, bench);
    report("resolveFixedPathAndRecord", bench::resolveFixedPathAndRecord, bench);
    report("resolvePathWithIdAndRecord", bench::resolvePathWithIdAndRecord, bench);
    report("recordOnly", bench::recordOnly, bench);
  }

  private static void report(String name, Runnable operation, InstrumentationOverheadBenchmark bench) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 10; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < OPERATIONS; i++) {
        operation.run();
      }
      double perOp = (threads.getCurrentThreadCpuTime() - start) / (double) OPERATIONS;
      bench.drain();
      if (round >= 5) {
        best = Math.min(best, perOp);
      }
    }
    System.out.printf("%-40s %8.1f ns/op (thread CPU time, best of 5)%n", name, best);
  }
}
