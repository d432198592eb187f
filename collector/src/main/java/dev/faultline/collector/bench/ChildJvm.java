package dev.faultline.collector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A load generator's child JVM, started with this JVM's class path and talked to by lines: commands go to its
 * standard input, its answers are read from its standard output on a daemon thread (its error stream goes to this
 * JVM's), and it is ended by its PID. The line protocol itself is the caller's ({@link AgentsProcess},
 * {@link LoadAgentsProcess}).
 */
final class ChildJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, name.replaceAll("[^A-Za-z]+", "-") + "-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code launcher} (e.g. {@code taskset -c 0}; empty for none) {@code java jvmOptions -cp <this class path>
   * main args}; {@code name} says what the child is in thread names and error messages.
   */
  static ChildJvm start(String name, List<String> launcher, List<String> jvmOptions, Class<?> main,
      List<String> args) throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return new ChildJvm(name, new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  long pid() {
    return process.pid();
  }

  /** The child's whole CPU time so far (0 where the OS does not say). */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /**
   * Waits for the child's line {@code word} or {@code word ...} and returns its words.
   *
   * @param failed a line {@code failed ...} is the child's report that the command failed, or null for none
   * @throws IOException with the child's report, or when it does not answer within {@code timeoutSeconds} or exits
   */
  String[] expect(String word, String failed, int timeoutSeconds) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < end) {
      String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line != null && (line.equals(word) || line.startsWith(word + " "))) {
        return line.split(" ");
      }
      if (line != null && failed != null && line.startsWith(failed + " ")) {
        throw new IOException(name + " (pid " + pid() + "): " + line.substring(failed.length() + 1));
      }
      if (line == null && !process.isAlive()) {
        break;
      }
    }
    throw new IOException(name + " (pid " + pid() + ") did not answer '" + word + "' within " + timeoutSeconds
        + " s" + (process.isAlive() ? "" : "; it exited with " + process.exitValue()));
  }

  private void readLines() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line.trim());
      }
    } catch (IOException e) {
      // the child is gone; expect() reports it
    }
  }

  /** Sends {@code line} (the child's exit command), closes its input and waits up to 5 s for it to exit. */
  boolean askToExit(String line) {
    try {
      send(line);
      stdin.close();
      return process.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      return !process.isAlive(); // its input is closed: already gone, or about to be ended by close()
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ends the child by its PID: politely, then forcibly after 5 s. */
  @Override
  public void close() {
    ProcessHandle handle = process.toHandle();
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        handle.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    }
  }
}
