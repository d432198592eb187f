package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.QueryPort;
import dev.faultline.e2e.support.Repo;
import dev.faultline.e2e.support.TestApps;
import dev.faultline.proto.v1.EdgeSide;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.EventKind;
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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Servlet API instrumentation on real containers with the agent attached: one JVM runs an embedded Jetty and
 * an embedded Tomcat serving the same servlets, for each flavour: {@code jakarta} (Jetty 12 ee10 + Tomcat 11) and
 * {@code javax} (Jetty 9.4 + Tomcat 9). Checks what reaches an in-process collector: per-endpoint RED series under
 * route templates (path info folded, a Spring-style pattern taken as is), errors from 5xx and from a servlet that
 * throws (also an EXCEPTION event), and the callee side of propagation (edge and {@code x-faultline-service}).
 */
@Timeout(180)
class ServletEndToEndTest {

  private static final String CALLER = "e2e-driver";

  @TempDir Path dataDir;

  @ParameterizedTest
  @ValueSource(strings = {"jakarta", "javax"})
  void jettyAndTomcatRequestsArriveAsEndpointsWithErrorsAndCallerEdges(String flavour) throws Exception {
    String service = "e2e-servlet-" + flavour;
    Path lib = TestApps.lib("testapp-" + flavour);
    Path classes = TestApps.compile("servlet/ServletApp.java", "servlet-" + flavour, lib, rewrite(flavour));
    Queue<EdgeStats> edges = new ConcurrentLinkedQueue<>();
    Queue<Event> events = new ConcurrentLinkedQueue<>();
    BatchSink capture = batch -> {
      edges.addAll(batch.edges());
      events.addAll(batch.events());
    };
    CollectorConfig config = CollectorConfig.builder().ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0)).dataDir(dataDir).build();
    AtomicBoolean driving = new AtomicBoolean(true);
    try (Collector collector = Collector.start(config, List.of(capture));
        Jvm app = Jvm.start(Jvm.currentJavaHome(), List.of("-javaagent:" + Repo.agentJar() + "=collector=127.0.0.1:"
            + collector.ingestAddress().getPort() + ",service=" + service + ",interval=1s,host-metrics=false",
            "-cp", TestApps.classPath(classes, lib), "ServletApp"))) {
      String[] ready = app.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(60)).split(" ");
      List<String> bases = List.of("http://127.0.0.1:" + ready[1] + "/jetty", "http://127.0.0.1:" + ready[2] + "/tomcat");
      AtomicInteger unexpected = new AtomicInteger();
      Queue<String> problems = new ConcurrentLinkedQueue<>();
      Thread driver = new Thread(() -> drive(bases, service, driving, unexpected, problems), "servlet-driver");
      driver.setDaemon(true);
      driver.start();
      try {
        QueryPort query = new QueryPort(collector.queryAddress());
        for (String container : List.of("jetty", "tomcat")) {
          String items = "GET /" + container + "/items/{id}";
          JsonNode errors = awaitEndpoint(query, service, "error_ratio", items, s -> value(s) > 0.1 && value(s) < 0.45);
          assertTrue(errors.path("points").asInt() >= 1, items + " " + errors);
          assertTrue(value(awaitEndpoint(query, service, "request_rate", items, s -> value(s) > 1)) < 10_000);
          awaitEndpoint(query, service, "latency_p99_seconds", items, s -> value(s) > 0 && value(s) < 5);
          awaitEndpoint(query, service, "error_ratio", "GET /" + container + "/boom", s -> value(s) == 1.0);
          awaitEndpoint(query, service, "request_rate", "GET /" + container + "/orders/{orderId}", s -> value(s) > 0);
          await(events, e -> e.getKind() == EventKind.EVENT_KIND_EXCEPTION
              && e.getKey().equals("java.lang.IllegalStateException")
              && e.getSource().equals("GET /" + container + "/boom") && e.getCount() > 0, "exception event");
        }
        await(edges, e -> e.getCaller().equals(CALLER) && e.getCallee().equals(service)
            && e.getSide() == EdgeSide.EDGE_SIDE_CALLEE && e.getCalls() > 0 && e.getErrors() > 0, "callee edge");
        JsonNode all = query.get("/api/v1/series?service=" + service + "&metric=request_rate");
        for (JsonNode s : all.path("series")) {
          String endpoint = s.path("labels").path("endpoint").asText();
          assertFalse(endpoint.matches(".*/\\d+$") || endpoint.contains("abc-XYZ"), "raw path as endpoint: " + endpoint);
        }
        assertEquals(0, unexpected.get(), "unexpected answers: " + problems);
        assertFalse(app.transcript().contains("Faultline: "), "agent warnings:\n" + app.transcript());
      } finally {
        driving.set(false);
        driver.join(5_000);
      }
    }
  }

  /** The application source is written for jakarta and Jetty 12 ee10; javax runs it on Jetty 9.4 and Tomcat 9. */
  private static UnaryOperator<String> rewrite(String flavour) {
    return flavour.equals("jakarta") ? s -> s
        : s -> s.replace("jakarta.servlet", "javax.servlet").replace("org.eclipse.jetty.ee10.servlet", "org.eclipse.jetty.servlet");
  }

  /**
   * Round robin over both containers until stopped: items (every fourth answers 500), boom (500), orders; every
   * other round carries the propagation headers, whose answers must name the service.
   */
  private static void drive(List<String> bases, String service, AtomicBoolean driving, AtomicInteger unexpected,
      Queue<String> problems) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int n = 1; driving.get(); n++) {
      for (String base : bases) {
        for (String path : List.of("/items/" + n, "/boom", "/orders/abc-XYZ")) {
          try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
            boolean propagate = n % 2 == 0;
            if (propagate) {
              request.header("x-faultline-caller", CALLER)
                  .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int expected = path.equals("/boom") || (path.startsWith("/items/") && n % 4 == 0) ? 500 : 200;
            String named = r.headers().firstValue("x-faultline-service").orElse(null);
            if (r.statusCode() != expected || (propagate && !service.equals(named))) {
              unexpected.incrementAndGet();
              problems.add(base + path + " -> " + r.statusCode() + " service " + named);
            }
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            unexpected.incrementAndGet();
            problems.add(base + path + " -> " + e);
          }
        }
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static JsonNode awaitEndpoint(QueryPort query, String service, String metric, String endpoint,
      Predicate<JsonNode> more) throws Exception {
    return query.awaitSeries("?service=" + service + "&metric=" + metric,
        s -> s.path("labels").path("endpoint").asText().equals(endpoint) && more.test(s), Duration.ofSeconds(60));
  }

  static <T> void await(Queue<T> seen, Predicate<T> match, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (seen.stream().anyMatch(match)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + what + " within 30s; seen: " + seen.stream().limit(50).toList());
  }

  private static double value(JsonNode series) {
    return series.path("last_value").asDouble(Double.NaN);
  }
}
