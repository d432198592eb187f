package dev.faultline.collector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end agents in a child JVM ({@link StreamAgents}, this JVM's class path), optionally pinned to some CPUs
 * with {@code taskset -c}. Its CPU is the child's whole CPU time ({@code /proc}), read by its PID; it is told to stop
 * over its standard input and ended by its PID if it does not exit by itself.
 */
final class AgentsProcess implements StreamingAgents {

  /** A small heap and serial GC: the generator keeps frame templates and its connections' buffers. */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC");
  /** Longest wait for the child's answer: its handshakes may take up to the bench collector's handshake timeout. */
  private static final int REPLY_SECONDS = 90;

  private final Process process;
  private final String cpus;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private AgentsProcess(Process process, String cpus) {
    this.process = process;
    this.cpus = cpus;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, "stream-agents-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the child.
   *
   * @param cpus a {@code taskset -c} CPU list to pin the child to, or null to leave it unpinned
   * @throws IllegalArgumentException if {@code cpus} is given but {@code taskset} is not on the PATH
   */
  static AgentsProcess start(int connections, int seriesPerBatch, String cpus) throws IOException {
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.add(taskset().toString());
      command.add("-c");
      command.add(cpus);
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StreamAgents.class.getName());
    command.add("--connections=" + connections);
    command.add("--series-per-batch=" + seriesPerBatch);
    return new AgentsProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start(),
        cpus);
  }

  /** {@code taskset} from the PATH. */
  static Path taskset() {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "taskset");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("--agents-cpus needs taskset (util-linux) on the PATH; not found: drop"
        + " --agents-cpus to run the agents' process unpinned");
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void connect(InetSocketAddress ingest) throws IOException, InterruptedException {
    send(StreamAgents.CONNECT + " " + ingest.getPort());
    expect(StreamAgents.CONNECTED);
  }

  @Override
  public void stop() throws IOException, InterruptedException {
    send(StreamAgents.STOP);
    expect(StreamAgents.STOPPED);
  }

  @Override
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  @Override
  public String where() {
    return "in a child JVM (pid " + process.pid() + (cpus == null ? ", unpinned" : ", taskset -c " + cpus) + ")";
  }

  private void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  private void expect(String word) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLY_SECONDS);
    while (System.nanoTime() < end) {
      String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line != null && (line.equals(word) || line.startsWith(word + " "))) {
        return;
      }
      if (line != null && line.startsWith(StreamAgents.FAILED + " ")) {
        throw new IOException("agents' process (pid " + process.pid() + "): " + line.substring(7));
      }
      if (line == null && !process.isAlive()) {
        break;
      }
    }
    throw new IOException("agents' process (pid " + process.pid() + ") did not answer '" + word + "' within "
        + REPLY_SECONDS + " s" + (process.isAlive() ? "" : "; it exited with " + process.exitValue()));
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

  /** Asks the child to exit, then ends it by its PID: politely, then forcibly after 5 s. */
  @Override
  public void close() {
    ProcessHandle handle = process.toHandle();
    try {
      send(StreamAgents.EXIT);
      stdin.close();
      if (process.waitFor(5, TimeUnit.SECONDS)) {
        return;
      }
    } catch (IOException e) {
      // already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (handle.isAlive()) {
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
}
