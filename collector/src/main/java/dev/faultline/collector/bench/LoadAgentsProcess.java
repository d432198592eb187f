package dev.faultline.collector.bench;

import java.io.IOException;
import java.util.List;

/**
 * The child JVM that runs the simulated agents of {@code bench --load} ({@link LoadAgents}): started with this
 * JVM's own class path, told to stop over its standard input, and ended by its PID if it does not exit by itself.
 *
 * <pre>{@code
 * try (LoadAgentsProcess child = LoadAgentsProcess.start(ingestPort, 1000, 100, 1000)) {
 *   int connected = child.awaitConnected(1000);
 *   ... // the load runs
 *   long[] sentAcked = child.stopAndCount();
 * }
 * }</pre>
 */
final class LoadAgentsProcess implements AutoCloseable {

  /** A small heap and serial GC: the generator keeps no state beyond a frame template and a thousand sockets. */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");

  private final ChildJvm child;

  private LoadAgentsProcess(ChildJvm child) {
    this.child = child;
  }

  /** Starts the child; its error stream (connection failures) goes to this JVM's. */
  static LoadAgentsProcess start(int ingestPort, int agents, int seriesPerAgent, long intervalMillis)
      throws IOException {
    return new LoadAgentsProcess(ChildJvm.start("load generator", List.of(), JVM_OPTIONS, LoadAgents.class,
        List.of("--ingest-port=" + ingestPort, "--agents=" + agents, "--series-per-agent=" + seriesPerAgent,
            "--interval-ms=" + intervalMillis)));
  }

  long pid() {
    return child.pid();
  }

  /** Waits for the handshakes (as long as the child may take for its waves); returns how many agents connected. */
  int awaitConnected(int agents) throws IOException, InterruptedException {
    int waves = (agents + AgentFleet.WAVE - 1) / AgentFleet.WAVE;
    String[] words = child.expect(LoadAgents.CONNECTED, null, waves * AgentFleet.WAVE_SECONDS + 30);
    return Integer.parseInt(words[1]);
  }

  /** Stops the agents, waits for their acknowledgements; returns {batches sent, batches acknowledged}. */
  long[] stopAndCount() throws IOException, InterruptedException {
    child.send(LoadAgents.STOP);
    String[] words = child.expect(LoadAgents.DONE, null, 90);
    return new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])};
  }

  /** Ends the child by its PID: politely, then forcibly after 5 s. */
  @Override
  public void close() {
    child.close();
  }
}
