package dev.faultline.e2e;

import static dev.faultline.e2e.support.CapturingCollector.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.e2e.support.CapturingCollector;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.TestApps;
import dev.faultline.proto.v1.EdgeSide;
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
 * throws (also an EXCEPTION event), an async servlet timed until its context completes, a request answered by a
 * filter without reaching a servlet, and the callee side of propagation (edge and {@code x-faultline-service}).
 */
@Timeout(180)
class ServletEndToEndTest {

  static final String CALLER = "e2e-driver";
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @TempDir Path dataDir;

  @ParameterizedTest
  @ValueSource(strings = {"jakarta", "javax"})
  void jettyAndTomcatRequestsArriveAsEndpointsWithErrorsAndCallerEdges(String flavour) throws Exception {
    String service = "e2e-servlet-" + flavour;
    Path lib = TestApps.lib("testapp-" + flavour);
    Path classes = TestApps.compile("servlet/ServletApp.java", "servlet-" + flavour, lib, rewrite(flavour));
    AtomicBoolean driving = new AtomicBoolean(true);
    try (CapturingCollector collector = CapturingCollector.start(dataDir);
        Jvm app = Jvm.start(Jvm.currentJavaHome(), List.of(collector.agentArgument(service),
            "-cp", TestApps.classPath(classes, lib), "ServletApp"))) {
      String[] ready = app.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(60)).split(" ");
      List<String> bases = List.of("http://127.0.0.1:" + ready[1] + "/jetty", "http://127.0.0.1:" + ready[2] + "/tomcat");
      Queue<String> problems = new ConcurrentLinkedQueue<>();
      Thread driver = new Thread(() -> drive(bases, service, driving, problems), "servlet-driver");
      driver.setDaemon(true);
      driver.start();
      try {
        for (String container : List.of("jetty", "tomcat")) {
          String items = "GET /" + container + "/items/{id}";
          JsonNode errors = collector.awaitEndpoint(service, "error_ratio", items,
              s -> value(s) > 0.1 && value(s) < 0.45);
          assertTrue(errors.path("points").asInt() >= 1, items + " " + errors);
          assertTrue(value(collector.awaitEndpoint(service, "request_rate", items, s -> value(s) > 1)) < 10_000);
          collector.awaitEndpoint(service, "latency_p99_seconds", items, s -> value(s) > 0 && value(s) < 5);
          collector.awaitEndpoint(service, "error_ratio", "GET /" + container + "/boom", s -> value(s) == 1.0);
          collector.awaitEndpoint(service, "request_rate", "GET /" + container + "/orders/{orderId}",
              s -> value(s) > 0);
          // Async: timed until the context completes (~150 ms after service returned), 500s counted.
          String async = "GET /" + container + "/async/{id}";
          collector.awaitEndpoint(service, "latency_p99_seconds", async, s -> value(s) >= 0.14 && value(s) < 5);
          collector.awaitEndpoint(service, "error_ratio", async, s -> value(s) > 0.1 && value(s) < 0.45);
          // Answered by a filter without reaching a servlet: measured, and its 503 is an error.
          collector.awaitEndpoint(service, "error_ratio", "GET /" + container + "/gated/{id}", s -> value(s) == 1.0);
          collector.awaitEvent(e -> e.getKind() == EventKind.EVENT_KIND_EXCEPTION
              && e.getKey().equals("java.lang.IllegalStateException")
              && e.getSource().equals("GET /" + container + "/boom") && e.getCount() > 0, "exception event");
        }
        collector.awaitEdge(e -> e.getCaller().equals(CALLER) && e.getCallee().equals(service)
            && e.getSide() == EdgeSide.EDGE_SIDE_CALLEE && e.getCalls() > 0 && e.getErrors() > 0, "callee edge");
        JsonNode all = collector.query().get("/api/v1/series?service=" + service + "&metric=request_rate");
        for (JsonNode s : all.path("series")) {
          String endpoint = s.path("labels").path("endpoint").asText();
          assertFalse(endpoint.matches(".*/\\d+$") || endpoint.contains("abc-XYZ"), "raw path as endpoint: " + endpoint);
        }
        assertTrue(problems.isEmpty(), "unexpected answers: " + problems.stream().limit(10).toList());
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
   * Round robin over both containers until stopped: items and async (every fourth answers 500), boom (500),
   * orders, gated (503 from the filter); every other round carries the propagation headers, whose answers must
   * name the service.
   */
  private static void drive(List<String> bases, String service, AtomicBoolean driving, Queue<String> problems) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AtomicBoolean named = new AtomicBoolean();
    for (int n = 1; driving.get(); n++) {
      for (String base : bases) {
        for (String path : List.of("/items/" + n, "/boom", "/orders/abc-XYZ", "/async/" + n, "/gated/" + n)) {
          int expected = path.equals("/boom") || (!path.startsWith("/orders/") && n % 4 == 0) ? 500 : 200;
          if (path.startsWith("/gated/")) {
            expected = 503;
          }
          if (!send(http, base + path, n % 2 == 0, expected, service, named, problems)) {
            return;
          }
        }
      }
    }
  }

  /**
   * One GET; a wrong status is a problem, and so is a propagated request whose answer does not name {@code service}
   * once an earlier one did ({@code named}: the agent instruments in the background while the application starts,
   * so the first requests may be served before). False when interrupted.
   */
  static boolean send(HttpClient http, String url, boolean propagate, int expected, String service,
      AtomicBoolean named, Queue<String> problems) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
      if (propagate) {
        request.header("x-faultline-caller", CALLER).header("traceparent", TRACEPARENT);
      }
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String answered = r.headers().firstValue("x-faultline-service").orElse(null);
      if (propagate && service.equals(answered)) {
        named.set(true);
      }
      if (r.statusCode() != expected || (propagate && named.get() && !service.equals(answered))) {
        problems.add(url + " -> " + r.statusCode() + " service " + answered);
      }
      return true;
    } catch (InterruptedException e) {
      return false;
    } catch (Exception e) {
      problems.add(url + " -> " + e);
      return true;
    }
  }
}
