package dev.faultline.collector.cli;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.detect.Detectors;
import dev.faultline.collector.detect.backtest.BacktestRunner;
import dev.faultline.collector.detect.backtest.DetectBench;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code faultline detect}: offline anomaly detection over CSV series (backtests, NAB scoring, benchmarking). */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Scores timestamp,value CSV series with the collector's detectors and writes the rows back with an "
          + "anomaly_score column in [0, 1]. Timestamps in the file are the clock; one fresh detector per file.",
      "If --input is a folder, every *.csv below it is scored and the folder is mirrored under --output "
          + "(or written in NAB's results layout with --nab-layout).",
      "Progress and a rows/s summary go to stderr."
    })
public final class DetectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", paramLabel = "PATH", description = "CSV file or folder of CSV files to score.")
  Path input;

  @Option(names = "--output", paramLabel = "PATH",
      description = "Output file (for a file input) or folder (for a folder input, or with --nab-layout).")
  Path output;

  @Option(names = "--detector", paramLabel = "NAME", defaultValue = Detectors.DEFAULT,
      description = "Detector: one of ${COMPLETION-CANDIDATES}, or names combined with + (max) or & (min). "
          + "Default: ${DEFAULT-VALUE} (the default set: the maximum of the level member ewma&seasonal and the "
          + "shape member context at weight 0.7, each re-scored by surprise; default.shapeWeight=0 keeps the "
          + "level member only).",
      completionCandidates = Names.class)
  String detector;

  @Option(names = "--raw",
      description = "Write the detector's raw score instead of the alert pipeline's score (by default scores are "
          + "suppressed while an alert is open, as in the live collector).")
  boolean raw;

  @Option(names = "--nab-layout", paramLabel = "NAME",
      description = "Write NAB's results layout: OUTPUT/NAME/<category>/NAME_<file>.csv (a single input file: "
          + "OUTPUT/NAME/NAME_<file>.csv), to score with nab_score.py --results OUTPUT -d NAME.")
  String nabLayout;

  @Option(names = "--param", paramLabel = "KEY=VALUE",
      description = "Detector parameter, repeatable, e.g. --param robust-zscore.window=512 (keys: <detector>.<param>, "
          + "surprise.<param>, alert.<param>; see the Detectors Javadoc; unknown keys are rejected).")
  Map<String, Double> params = new java.util.LinkedHashMap<>();

  @Option(names = "--bench", paramLabel = "POINTS",
      description = "Instead of scoring files, time the pipeline on POINTS seeded synthetic points in memory "
          + "(one thread) and print points/s by wall clock and by the thread's CPU time.")
  Long benchPoints;

  @Override
  public Integer call() throws Exception {
    Supplier<Detector> factory = factory(detector, raw, params);
    factory.get(); // validate the name before touching files
    if (benchPoints != null) {
      DetectBench.Result r = DetectBench.run(factory, benchPoints, 42L);
      spec.commandLine().getOut().printf("detector=%s raw=%s points=%d seconds=%.3f points_per_second=%.0f "
          + "cpu_seconds=%.3f points_per_cpu_second=%.0f%n", detector, raw, r.points(), r.seconds(),
          r.pointsPerSecond(), r.cpuSeconds(), r.pointsPerCpuSecond());
      return 0;
    }
    if (input == null || output == null) {
      spec.commandLine().getErr().println("--input and --output are required (or use --bench)");
      return 2;
    }
    BacktestRunner.Summary s = new BacktestRunner(factory, System.err).run(input, output, nabLayout);
    System.err.printf("%d file(s), %d rows in %.2f s wall (%.0f rows/s), %.2f s CPU on one thread (%.0f rows/s)%n",
        s.files(), s.rows(), s.elapsedNanos() / 1e9, s.rowsPerSecond(), s.cpuNanos() / 1e9, s.rowsPerCpuSecond());
    return 0;
  }

  static Supplier<Detector> factory(String name, boolean raw, Map<String, Double> params) {
    Map<String, Double> p = Map.copyOf(params);
    if (raw) {
      return () -> Detectors.create(name, p);
    }
    return () -> Detectors.pipeline(name, p);
  }

  /** Completion candidates for --detector. */
  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Detectors.names().iterator();
    }
  }
}
