package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.e2e.apps.BackApp;
import dev.faultline.e2e.apps.FrontApp;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.QueryPort;
import dev.faultline.e2e.support.Repo;
import dev.faultline.proto.v1.EdgeSide;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.PeerKind;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instrumentation end to end: two service JVMs with the agent (front: JDK HttpServer calling back over
 * java.net.http.HttpClient; back: JDK HttpServer reading H2 over JDBC, 500 for every fourth id) against an
 * in-process collector. Per-endpoint RED series for both services and the back's database call rate arrive at the
 * query port; the front -> back and back -> database edges arrive at the collector (captured by a {@link BatchSink})
 * and, when the collector serves {@code /api/v1/topology}, show there.
 */
@Timeout(180)
class CallGraphEndToEndTest {

  private static final String FRONT = "e2e-front";
  private static final String BACK = "e2e-back";

  @TempDir Path dataDir;

  @Test
  void redSeriesDatabaseCallsAndEdgesArriveForBothServices() throws Exception {
    Queue<EdgeStats> edges = new ConcurrentLinkedQueue<>();
    BatchSink capture = batch -> edges.addAll(batch.edges());
    CollectorConfig config = CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir)
        .build();
    String h2 = Repo.root().resolve("e2e/target/testapp-h2/h2.jar").toString();
    AtomicBoolean driving = new AtomicBoolean(true);
    try (Collector collector = Collector.start(CollectorSettings.builder(config).downstream(List.of(capture)).build());
        Jvm back = Jvm.start(Jvm.currentJavaHome(), List.of(agent(collector, BACK),
            "-cp", Repo.testClasses() + File.pathSeparator + h2, BackApp.class.getName()))) {
      int backPort = Ports.awaitReady(back, Duration.ofSeconds(60));
      try (Jvm front = Jvm.start(Jvm.currentJavaHome(), List.of(agent(collector, FRONT),
          "-cp", Repo.testClasses().toString(), FrontApp.class.getName(), String.valueOf(backPort)))) {
        int frontPort = Ports.awaitReady(front, Duration.ofSeconds(60));
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread driver = new Thread(() -> drive(frontPort, driving, served, failed), "e2e-driver");
        driver.setDaemon(true);
        driver.start();
        try {
          QueryPort query = new QueryPort(collector.queryAddress());
          for (String service : List.of(FRONT, BACK)) {
            String endpoint = service.equals(FRONT) ? "GET /orders/{id}" : "GET /items/{id}";
            JsonNode rate = awaitEndpoint(query, service, "request_rate", endpoint, s -> value(s) > 1);
            assertTrue(value(rate) < 10_000, service + " request rate " + value(rate));
            // Every fourth id answers 500: once requests flow steadily (the first intervals hold only a few
            // requests while the JVMs warm up) the ratio per interval is about 0.25.
            JsonNode errors = awaitEndpoint(query, service, "error_ratio", endpoint,
                s -> value(s) > 0.1 && value(s) < 0.45);
            assertTrue(errors.path("points").asInt() >= 1, service + " error ratio " + errors);
            JsonNode p99 = awaitEndpoint(query, service, "latency_p99_seconds", endpoint, s -> true);
            assertTrue(value(p99) > 0 && value(p99) < 5, service + " p99 " + p99);
          }
          JsonNode db = query.awaitSeries("?service=" + BACK + "&metric=db_call_rate",
              s -> s.path("labels").path("callee").asText().startsWith("db:h2")
                  && s.path("labels").path("operation").asText().equals("SELECT") && value(s) > 1,
              Duration.ofSeconds(60));
          assertTrue(value(db) < 10_000, "db call rate " + db);
          // the caller's view of its calls to the back end, as a series: the performance models' callee feature
          JsonNode client = query.awaitSeries("?service=" + FRONT + "&metric=client_latency_p99_seconds",
              s -> s.path("labels").path("callee").asText().equals(BACK) && value(s) > 0, Duration.ofSeconds(60));
          assertTrue(value(client) < 5, "front end's client p99 to the back end " + client);

          awaitEdge(edges, e -> e.getCaller().equals(FRONT) && e.getCallee().equals(BACK)
              && e.getSide() == EdgeSide.EDGE_SIDE_CALLER && e.getCalleeKind() == PeerKind.PEER_KIND_SERVICE
              && e.getCalls() > 0 && e.getErrors() > 0);
          awaitEdge(edges, e -> e.getCaller().equals(FRONT) && e.getCallee().equals(BACK)
              && e.getSide() == EdgeSide.EDGE_SIDE_CALLEE && e.getCalls() > 0);
          awaitEdge(edges, e -> e.getCaller().equals(BACK) && e.getCallee().startsWith("db:h2")
              && e.getCalleeKind() == PeerKind.PEER_KIND_DATABASE && e.getCalls() > 0);
          awaitTopologyIfServed(collector, query);
          assertTrue(served.get() > 0, "requests served");
          assertEquals(0, failed.get(), "requests that did not get an answer");
        } finally {
          driving.set(false);
          driver.join(5_000);
        }
      }
    }
  }

  private static String agent(Collector collector, String service) {
    return "-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:" + collector.ingestAddress().getPort()
        + ",service=" + service + ",interval=1s,host-metrics=false";
  }

  /**
   * Requests /orders/1, /orders/2, ... one after another until stopped: a quarter of them answer 500. Any other
   * answer, or none, after the first served request counts as failed.
   */
  private static void drive(int port, AtomicBoolean driving, AtomicInteger served, AtomicInteger failed) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int id = 1; driving.get(); id++) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/orders/" + id)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == (id % 4 == 0 ? 500 : 200)) {
          served.incrementAndGet();
        } else {
          fail(served, failed, "/orders/" + id + " answered " + r.statusCode() + ": " + r.body().strip());
        }
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        fail(served, failed, "/orders/" + id + " failed: " + e);
      }
    }
  }

  /**
   * Counts a failed request once the pair has served one: before that the back JVM may still be loading H2 and
   * compiling, and on a loaded machine the front's 5 s timeout to the back can expire on the very first call.
   */
  private static void fail(AtomicInteger served, AtomicInteger failed, String what) {
    boolean warm = served.get() > 0;
    if (warm) {
      failed.incrementAndGet();
    }
    System.out.println("e2e-driver: " + what + (warm ? "" : " (before the first answer: not counted)"));
  }

  private static JsonNode awaitEndpoint(QueryPort query, String service, String metric, String endpoint,
      Predicate<JsonNode> more) throws Exception {
    return query.awaitSeries("?service=" + service + "&metric=" + metric,
        s -> s.path("labels").path("endpoint").asText().equals(endpoint) && more.test(s), Duration.ofSeconds(60));
  }

  private static void awaitEdge(Queue<EdgeStats> edges, Predicate<EdgeStats> match) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (edges.stream().anyMatch(match)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no matching edge within 30s; edges so far: " + edges.stream()
        .map(e -> e.getCaller() + " -> " + e.getCallee() + " " + e.getCalleeKind() + " " + e.getSide()
            + " calls=" + e.getCalls() + " errors=" + e.getErrors()).distinct().toList());
  }

  /**
   * The collector's topology route (being built on another branch): when this collector serves it, the front ->
   * back and back -> database edges must show there too; a collector without it answers 404 and this is skipped.
   */
  private static void awaitTopologyIfServed(Collector collector, QueryPort query) throws Exception {
    HttpResponse<String> probe = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + collector.queryAddress().getPort() + "/api/v1/topology"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (probe.statusCode() == 404) {
      return;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode topology = null;
    while (System.nanoTime() < deadline) {
      topology = query.get("/api/v1/topology");
      boolean frontToBack = false;
      boolean backToDb = false;
      for (JsonNode e : topology.path("edges")) {
        String caller = e.path("caller").asText();
        String callee = e.path("callee").asText();
        frontToBack |= caller.equals(FRONT) && callee.equals(BACK);
        backToDb |= caller.equals(BACK) && callee.startsWith("db:h2");
      }
      if (frontToBack && backToDb) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("topology lacks front -> back or back -> db within 30s: " + topology);
  }

  private static double value(JsonNode series) {
    return series.path("last_value").asDouble(Double.NaN);
  }
}
