package dev.faultline.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A collector in its own JVM ({@code java -jar faultline-collector.jar run ...}), so tests can kill it for real.
 * The query port is read from its log line {@code query: listening on 127.0.0.1:NNNN}.
 */
public final class CollectorProcess implements AutoCloseable {

  private final Jvm jvm;
  private final QueryPort query;
  private final int queryPort;

  private CollectorProcess(Jvm jvm, int queryPort) {
    this.jvm = jvm;
    this.queryPort = queryPort;
    this.query = new QueryPort(new InetSocketAddress("127.0.0.1", queryPort));
  }

  /** Starts a collector on {@code ingestPort} storing in {@code dataDir}, and waits until its query port listens. */
  public static CollectorProcess start(int ingestPort, Path dataDir, String... extraArgs)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
        Repo.collectorJar().toString(), "run", "--ingest-address", "127.0.0.1:" + ingestPort,
        "--query-address", "127.0.0.1:0", "--data-dir", dataDir.toString()));
    args.addAll(List.of(extraArgs));
    Jvm jvm = Jvm.start(Jvm.currentJavaHome(), args);
    String line = jvm.awaitLine(l -> l.contains("query: listening on "), Duration.ofSeconds(60));
    int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
    return new CollectorProcess(jvm, port);
  }

  public QueryPort query() {
    return query;
  }

  public int queryPort() {
    return queryPort;
  }

  public String transcript() {
    return jvm.transcript();
  }

  public long pid() {
    return jvm.pid();
  }

  /** Sends {@code kill -HUP} to exactly this process (a configuration reload). */
  public void hangUp() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(jvm.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -HUP " + jvm.pid() + " failed");
    }
  }

  /** Waits until the collector's output has a line containing {@code text}. */
  public String awaitLog(String text, Duration timeout) throws InterruptedException {
    return jvm.awaitLine(l -> l.contains(text), timeout);
  }

  public boolean isAlive() {
    return jvm.isAlive();
  }

  /** {@code kill -9} of exactly this process. */
  public void kill() throws InterruptedException {
    ProcessHandle handle = ProcessHandle.of(jvm.pid()).orElseThrow();
    handle.destroyForcibly();
    handle.onExit().orTimeout(20, TimeUnit.SECONDS).join();
  }

  /** The points of one series (from the beginning of time), as [timestamp, value] pairs. */
  public List<long[]> points(String seriesId) throws IOException, InterruptedException {
    JsonNode body = query.get("/api/v1/query?series=" + QueryPort.encode(seriesId) + "&from=0");
    List<long[]> result = new ArrayList<>();
    for (JsonNode p : body.get("samples")) {
      result.add(new long[] {p.get(0).asLong(), p.get(1).asLong()});
    }
    return result;
  }

  /** The agent view of {@code /api/v1/agents} for the agent reporting {@code instance}, if connected once. */
  public Optional<JsonNode> agent(String instance) throws IOException, InterruptedException {
    for (JsonNode a : query.get("/api/v1/agents").get("agents")) {
      if (a.get("instance").asText().equals(instance)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** SIGTERM (graceful stop: ingest stops, the WAL is flushed and closed), then waits for the exit. */
  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }
}
