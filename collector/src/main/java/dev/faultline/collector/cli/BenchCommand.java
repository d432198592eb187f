package dev.faultline.collector.cli;

import dev.faultline.collector.bench.IngestBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline bench}: ingest throughput (parse-only, in-memory, end to end) and memory per series. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure ingest throughput on this machine and the memory cost per series.",
        "Runs an in-process collector on 127.0.0.1 ephemeral ports; stops by itself."})
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--connections", defaultValue = "16", description = "Concurrent agent connections (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--seconds", defaultValue = "10", description = "Duration of the end-to-end phase (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--series-per-batch", defaultValue = "5000", description = "Samples per batch = series per connection (default ${DEFAULT-VALUE}).")
  int seriesPerBatch;

  @Option(names = "--detection", description = "Also run end to end with the default detectors on and print the on/off ratio.")
  boolean detection;

  @Option(names = "--detection-workers", split = ",", defaultValue = "1,2",
      description = "With --detection: detection.workers values to compare (default ${DEFAULT-VALUE}).")
  List<Integer> detectionWorkers;

  @Option(names = "--perf-training",
      description = "Also run end to end while performance models train back to back and print the on/off ratio.")
  boolean perfTraining;

  @Override
  public Integer call() throws Exception {
    if (detectionWorkers.stream().anyMatch(w -> w < 1 || w > 64)) {
      spec.commandLine().getErr().println("faultline bench: --detection-workers values must be between 1 and 64, were "
          + detectionWorkers);
      return 2;
    }
    if (connections < 1 || seconds < 1 || seriesPerBatch < 1) {
      spec.commandLine().getErr().println("faultline bench: --connections, --seconds and --series-per-batch must be >= 1");
      return 2;
    }
    LogSetup.install("warn");
    Logger.getLogger("dev.faultline").setLevel(Level.WARNING);
    try {
      IngestBenchmark bench = new IngestBenchmark(connections, seconds, seriesPerBatch, spec.commandLine().getOut(),
          detection ? detectionWorkers : List.of());
      (perfTraining ? bench.withTrainingComparison() : bench).run();
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("faultline bench: " + e.getMessage());
      return 2;
    }
  }
}
