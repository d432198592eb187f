package dev.faultline.collector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private LoadAgentsProcess(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, "load-agents-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the child; its error stream (connection failures) goes to this JVM's. */
  static LoadAgentsProcess start(int ingestPort, int agents, int seriesPerAgent, long intervalMillis)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LoadAgents.class.getName());
    command.add("--ingest-port=" + ingestPort);
    command.add("--agents=" + agents);
    command.add("--series-per-agent=" + seriesPerAgent);
    command.add("--interval-ms=" + intervalMillis);
    return new LoadAgentsProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the handshakes (as long as the child may take for its waves); returns how many agents connected. */
  int awaitConnected(int agents) throws IOException, InterruptedException {
    int waves = (agents + AgentFleet.WAVE - 1) / AgentFleet.WAVE;
    String[] words = expect(LoadAgents.CONNECTED, waves * AgentFleet.WAVE_SECONDS + 30);
    return Integer.parseInt(words[1]);
  }

  /** Stops the agents, waits for their acknowledgements; returns {batches sent, batches acknowledged}. */
  long[] stopAndCount() throws IOException, InterruptedException {
    stdin.write(LoadAgents.STOP + "\n");
    stdin.flush();
    String[] words = expect(LoadAgents.DONE, 90);
    return new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])};
  }

  private String[] expect(String word, int timeoutSeconds) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < end) {
      String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(word + " ")) {
        return line.trim().split(" ");
      }
      if (line == null && !process.isAlive()) {
        break;
      }
    }
    throw new IOException("load generator (pid " + process.pid() + ") did not report '" + word + "' within "
        + timeoutSeconds + " s" + (process.isAlive() ? "" : "; it exited with " + process.exitValue()));
  }

  private void readLines() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the child is gone; expect() reports it
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
