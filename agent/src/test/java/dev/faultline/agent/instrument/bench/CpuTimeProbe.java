package dev.faultline.agent.instrument.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A cross-check of the JMH figures on a shared, overloaded machine: the thread's CPU time (not wall time) per
 * operation, so time the thread spends preempted by other processes is not counted. Same operations as
 * {@link InstrumentationOverheadBenchmark} and {@link MethodInstrumentationBenchmark}; 5 warm-up rounds, then the best of 5 measured rounds.
 *
 * <pre>
 * java -cp agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.cp) \
 *     dev.faultline.agent.instrument.bench.CpuTimeProbe [regex]
 * </pre>
 */
public final class CpuTimeProbe {

  // -Dbench.operations: fewer per round when the machine is loaded and each JVM gets little CPU.
  private static final int OPERATIONS = Integer.getInteger("bench.operations", 2_000_000);

  private CpuTimeProbe() {}

  /** {@code args[0]}, optional: a regular expression; only the operations whose name it finds run. */
  public static void main(String[] args) {
    Pattern only = Pattern.compile(args.length > 0 ? args[0] : "");
    InstrumentationOverheadBenchmark bench = new InstrumentationOverheadBenchmark();
    bench.setUp();
    Map<String, Runnable> operations = new LinkedHashMap<>();
    operations.put("nanoTimeOnly", bench::nanoTimeOnly);
    operations.put("serverRequestFixedPath", bench::serverRequestFixedPath);
    operations.put("serverRequestPathWithId", bench::serverRequestPathWithId);
    operations.put("serverRequestWithPropagationHeaders", bench::serverRequestWithPropagationHeaders);
    operations.put("resolveFixedPathAndRecord", bench::resolveFixedPathAndRecord);
    operations.put("resolvePathWithIdAndRecord", bench::resolvePathWithIdAndRecord);
    operations.put("recordOnly", bench::recordOnly);
    operations.put("adviceGuardOnly", bench::adviceGuardOnly);
    operations.forEach((name, operation) -> {
      if (only.matcher(name).find()) {
        report(name, operation, bench::drain);
      }
    });
    // The plainest instrumented call (a configured method, production advice inlined), set up only when asked for.
    if (only.matcher("customMethodCall").find() || only.matcher("plainMethodCall").find()) {
      MethodInstrumentationBenchmark methods = new MethodInstrumentationBenchmark();
      methods.setUp();
      if (only.matcher("customMethodCall").find()) {
        report("customMethodCall", methods::customMethodCall, methods::drain);
      }
      if (only.matcher("plainMethodCall").find()) {
        report("plainMethodCall", methods::plainMethodCall, methods::drain);
      }
    }
  }

  private static void report(String name, Runnable operation, Runnable drain) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    double best = Double.MAX_VALUE;
    long allocated = 0;
    for (int round = 0; round < 10; round++) {
      long start = threads.getCurrentThreadCpuTime();
      long startBytes = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < OPERATIONS; i++) {
        operation.run();
      }
      double perOp = (threads.getCurrentThreadCpuTime() - start) / (double) OPERATIONS;
      long bytes = threads.getThreadAllocatedBytes(self) - startBytes;
      drain.run();
      if (round >= 5) {
        best = Math.min(best, perOp);
        allocated += bytes;
      }
    }
    // This thread's allocation only (JMH's -prof gc counts every thread of the JVM, its own included).
    System.out.printf("%-40s %8.1f ns/op (thread CPU time, best of 5) %8.4f B/op (this thread, 5 rounds)%n", name,
        best, allocated / (5.0 * OPERATIONS));
  }
}
