package dev.faultline.agent.instrument.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the instrumentation overhead benchmark with the GC profiler (bytes allocated per operation).
 *
 * <pre>
 * mvn -q -pl agent -am test-compile
 * mvn -q -pl agent dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -cp agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.cp) \
 *     dev.faultline.agent.instrument.bench.BenchmarkMain [regex]
 * </pre>
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(args.length > 0 ? args[0] : InstrumentationOverheadBenchmark.class.getSimpleName())
        .addProfiler(GCProfiler.class)
        .build();
    new Runner(options).run();
  }
}
