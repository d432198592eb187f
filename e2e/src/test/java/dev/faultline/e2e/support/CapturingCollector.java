package dev.faultline.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * A real collector in the test's JVM (ingest and query port on 127.0.0.1) that also keeps every edge and event it
 * ingests, for tests that check what an agent sent.
 *
 * <pre>{@code
 * try (CapturingCollector collector = CapturingCollector.start(tempDir)) {
 *   String agent = collector.agentArgument("orders");   // -javaagent:...=collector=...,service=orders,...
 *   collector.awaitEndpoint("orders", "request_rate", "GET /items/{id}", s -> CapturingCollector.value(s) > 0);
 * }
 * }</pre>
 */
public final class CapturingCollector implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Collector collector;
  private final QueryPort query;
  private final Queue<EdgeStats> edges;
  private final Queue<Event> events;

  private CapturingCollector(Collector collector, Queue<EdgeStats> edges, Queue<Event> events) {
    this.collector = collector;
    this.query = new QueryPort(collector.queryAddress());
    this.edges = edges;
    this.events = events;
  }

  public static CapturingCollector start(Path dataDir) throws Exception {
    Queue<EdgeStats> edges = new ConcurrentLinkedQueue<>();
    Queue<Event> events = new ConcurrentLinkedQueue<>();
    BatchSink capture = batch -> {
      edges.addAll(batch.edges());
      events.addAll(batch.events());
    };
    CollectorConfig config = CollectorConfig.builder().ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0)).dataDir(dataDir).build();
    return new CapturingCollector(
        Collector.start(CollectorSettings.builder(config).downstream(List.of(capture)).build()), edges, events);
  }

  /** The {@code -javaagent} argument reporting here as {@code service} every second, host metrics off. */
  public String agentArgument(String service) {
    return "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collector.ingestAddress().getPort()
        + ",service=" + service + ",interval=1s,host-metrics=false";
  }

  public QueryPort query() {
    return query;
  }

  /** Waits for a series of {@code service} and {@code metric} labelled {@code endpoint} that matches {@code more}. */
  public JsonNode awaitEndpoint(String service, String metric, String endpoint, Predicate<JsonNode> more)
      throws Exception {
    return query.awaitSeries("?service=" + service + "&metric=" + metric,
        s -> s.path("labels").path("endpoint").asText().equals(endpoint) && more.test(s), WAIT);
  }

  public void awaitEdge(Predicate<EdgeStats> match, String what) throws InterruptedException {
    await(edges, match, what);
  }

  public void awaitEvent(Predicate<Event> match, String what) throws InterruptedException {
    await(events, match, what);
  }

  /** Every event ingested so far. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** The last value of a series from the query port's list. */
  public static double value(JsonNode series) {
    return series.path("last_value").asDouble(Double.NaN);
  }

  private static <T> void await(Queue<T> seen, Predicate<T> match, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (seen.stream().anyMatch(match)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + what + " within " + WAIT + "; seen: " + seen.stream().limit(40).toList());
  }

  @Override
  public void close() {
    collector.close();
  }
}
