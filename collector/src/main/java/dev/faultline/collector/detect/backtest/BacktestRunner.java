package dev.faultline.collector.detect.backtest;

import dev.faultline.collector.detect.Detector;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a detector pipeline over a CSV file or a folder of them, one fresh detector per file.
 *
 * <p>Output layout: a file input is written to the output path as given; a folder input is mirrored file by file
 * ({@code in/a/b.csv -> out/a/b.csv}). With a NAB layout name {@code N}, a folder is written as NAB's results
 * folder expects: {@code out/N/<category>/N_<file>.csv}, where {@code <category>} is the file's parent folder
 * relative to the input; a single file goes to {@code out/N/N_<file>.csv}. Progress goes to the given stream: one
 * line per file for a folder, at most one line a second within a large file.
 */
public final class BacktestRunner {

  private final Supplier<? extends Detector> factory;
  private final PrintStream progress;

  /**
   * @param factory creates the pipeline for one series (called once per file)
   * @param progress where progress lines go (stderr in the command)
   */
  public BacktestRunner(Supplier<? extends Detector> factory, PrintStream progress) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Result of a run. */
  /**
   * @param elapsedNanos wall-clock time
   * @param cpuNanos CPU time of the running thread (reading, parsing, scoring, formatting; not GC threads), or -1
   */
  public record Summary(int files, long rows, long elapsedNanos, long cpuNanos) {
    public double rowsPerSecond() {
      return elapsedNanos == 0 ? 0 : rows * 1e9 / elapsedNanos;
    }

    public double rowsPerCpuSecond() {
      return cpuNanos <= 0 ? Double.NaN : rows * 1e9 / cpuNanos;
    }
  }

  private static long cpuNow() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
  }

  /**
   * @param nabLayoutName null for plain mirroring, else the detector name of the NAB results layout
   */
  public Summary run(Path input, Path output, String nabLayoutName) throws IOException {
    long start = System.nanoTime();
    long cpuStart = cpuNow();
    if (!Files.exists(input)) {
      throw new IllegalArgumentException("input " + input + " does not exist");
    }
    if (Files.isDirectory(input)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(input)) {
        files = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
            .sorted().collect(Collectors.toList());
      }
      long rows = 0;
      int i = 0;
      for (Path f : files) {
        Path rel = input.relativize(f);
        Path target = nabLayoutName == null ? output.resolve(rel.toString())
            : nabTarget(output, nabLayoutName, rel);
        i++;
        long n = CsvScorer.score(f, target, factory.get(), done -> { });
        rows += n;
        progress.printf("[%d/%d] %s: %d rows%n", i, files.size(), rel, n);
      }
      return new Summary(files.size(), rows, System.nanoTime() - start, cpuNow() - cpuStart);
    }
    Path target = nabLayoutName != null ? nabTarget(output, nabLayoutName, input.getFileName())
        : Files.isDirectory(output) ? output.resolve(input.getFileName().toString()) : output;
    long[] lastReport = {System.nanoTime()};
    long n = CsvScorer.score(input, target, factory.get(), done -> {
      long now = System.nanoTime();
      if (now - lastReport[0] >= 1_000_000_000L) { // at most one progress line a second
        lastReport[0] = now;
        progress.printf("%s: %,d rows%n", input.getFileName(), done);
      }
    });
    return new Summary(1, n, System.nanoTime() - start, cpuNow() - cpuStart);
  }

  static Path nabTarget(Path output, String name, Path rel) {
    Path parent = rel.getParent();
    Path dir = output.resolve(name);
    if (parent != null) {
      dir = dir.resolve(parent.toString());
    }
    return dir.resolve(name + "_" + rel.getFileName());
  }
}
