package dev.faultline.e2e.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM started by a test: its output lines are collected so that the test can wait for one, and
 * {@link #close()} ends exactly this process (by its own handle, never by name).
 */
public final class Jvm implements AutoCloseable {

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> transcript = new ArrayList<>();

  private Jvm(Process process) {
    this.process = process;
    Thread reader = new Thread(this::pump, "jvm-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code javaHome/bin/java args...} with stderr merged into stdout. */
  public static Jvm start(Path javaHome, List<String> args) throws IOException {
    return start(javaHome, args, java.util.Map.of());
  }

  /** Like {@link #start(Path, List)}, with {@code env} added to the inherited environment. */
  public static Jvm start(Path javaHome, List<String> args, java.util.Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new Jvm(builder.start());
  }

  /** The JDK running the tests. */
  public static Path currentJavaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  /** The newest JDK installed under /usr/lib/jvm other than the current one whose major version is >= 21, if any. */
  public static java.util.Optional<Path> newestJavaHome() {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return java.util.Optional.empty();
    }
    try (var dirs = Files.list(jvms)) {
      return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
          .filter(d -> d.getFileName().toString().matches(".*-(2[1-9]|[3-9][0-9])(-.*)?"))
          .max(java.util.Comparator.comparing(d -> d.getFileName().toString()));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** The feature version (17, 21, 25, ...) of the JDK at {@code javaHome}, from its {@code release} file. */
  public static int featureVersion(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(v.split("[.\\-+]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Fall through.
    }
    return Runtime.version().feature();
  }

  private void pump() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (transcript) {
          transcript.add(line);
        }
        lines.add(line);
      }
    } catch (IOException e) {
      // The process ended; nothing more to read.
    }
  }

  /** Waits for an output line matching {@code match}; fails with the transcript when it does not come. */
  public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && match.test(line)) {
        return line;
      }
    }
    throw new AssertionError("no matching output within " + timeout + "; output so far:\n" + transcript());
  }

  /** Everything the process printed so far. */
  public String transcript() {
    synchronized (transcript) {
      return String.join("\n", transcript);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
