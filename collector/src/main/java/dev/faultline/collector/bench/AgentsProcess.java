package dev.faultline.collector.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  private final ChildJvm child;
  private final String cpus;

  private AgentsProcess(ChildJvm child, String cpus) {
    this.child = child;
    this.cpus = cpus;
  }

  /**
   * Starts the child.
   *
   * @param cpus a {@code taskset -c} CPU list to pin the child to, or null to leave it unpinned
   * @throws IllegalArgumentException if {@code cpus} is given but {@code taskset} is not on the PATH
   */
  static AgentsProcess start(int connections, int seriesPerBatch, String cpus) throws IOException {
    List<String> launcher = cpus == null ? List.of() : List.of(taskset().toString(), "-c", cpus);
    return new AgentsProcess(ChildJvm.start("agents' process", launcher, JVM_OPTIONS, StreamAgents.class,
        List.of("--connections=" + connections, "--series-per-batch=" + seriesPerBatch)), cpus);
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
    return child.pid();
  }

  @Override
  public void connect(InetSocketAddress ingest) throws IOException, InterruptedException {
    child.send(StreamAgents.CONNECT + " " + ingest.getPort());
    child.expect(StreamAgents.CONNECTED, StreamAgents.FAILED, REPLY_SECONDS);
  }

  @Override
  public void stop() throws IOException, InterruptedException {
    child.send(StreamAgents.STOP);
    child.expect(StreamAgents.STOPPED, StreamAgents.FAILED, REPLY_SECONDS);
  }

  @Override
  public long cpuNanos() {
    return child.cpuNanos();
  }

  @Override
  public String where() {
    return "in a child JVM (pid " + child.pid() + (cpus == null ? ", unpinned" : ", taskset -c " + cpus) + ")";
  }

  /** Asks the child to exit, then ends it by its PID: politely, then forcibly after 5 s. */
  @Override
  public void close() {
    if (!child.askToExit(StreamAgents.EXIT)) {
      child.close();
    }
  }
}
