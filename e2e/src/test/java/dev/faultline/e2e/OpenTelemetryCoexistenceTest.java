package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.e2e.apps.FrontApp;
import dev.faultline.e2e.support.CapturingCollector;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.Repo;
import dev.faultline.proto.v1.EdgeSide;
import dev.faultline.proto.v1.PeerKind;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Faultline agent beside the OpenTelemetry Java agent in one JVM (the front service: JDK HttpServer calling a
 * back service over java.net.http.HttpClient). The OpenTelemetry agent is attached first and exports nothing, so
 * it needs no backend. The application must serve every request correctly, Faultline must still report the
 * front's endpoint RED series and its caller edge to the back, and every {@code traceparent} the back receives
 * must carry the trace id the client sent to the front (both tracers continue the incoming trace).
 */
@Timeout(120)
class OpenTelemetryCoexistenceTest {

  private static final String FRONT = "e2e-otel-front";
  private static final String BACK = "e2e-otel-back";
  private static final Map<String, String> OTEL_NO_BACKEND = Map.of(
      "OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none", "OTEL_LOGS_EXPORTER", "none",
      "OTEL_SERVICE_NAME", FRONT);

  @TempDir Path dataDir;

  @Test
  void bothAgentsInOneJvmLeaveTheAppCorrectAndFaultlineReporting() throws Exception {
    Map<Integer, List<String>> traceparentsById = new ConcurrentHashMap<>();
    Queue<String> callers = new ConcurrentLinkedQueue<>();
    HttpServer back = recordingBack(traceparentsById, callers);
    AtomicBoolean driving = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    try (CapturingCollector collector = CapturingCollector.start(dataDir);
        Jvm front = Jvm.start(Jvm.currentJavaHome(), List.of(
            "-javaagent:" + Repo.otelAgentJar(), collector.agentArgument(FRONT),
            "-cp", Repo.testClasses().toString(), FrontApp.class.getName(),
            String.valueOf(back.getAddress().getPort())), OTEL_NO_BACKEND)) {
      int frontPort = Ports.awaitReady(front, Duration.ofSeconds(60));
      Thread driver = new Thread(() -> drive(frontPort, driving, served, wrong), "e2e-otel-driver");
      driver.setDaemon(true);
      driver.start();
      try {
        collector.awaitEndpoint(FRONT, "request_rate", "GET /orders/{id}", s -> CapturingCollector.value(s) > 1);
        collector.awaitEndpoint(FRONT, "error_ratio", "GET /orders/{id}", s -> CapturingCollector.value(s) > 0);
        collector.awaitEdge(e -> e.getCaller().equals(FRONT) && e.getCallee().equals(BACK)
            && e.getSide() == EdgeSide.EDGE_SIDE_CALLER && e.getCalleeKind() == PeerKind.PEER_KIND_SERVICE
            && e.getCalls() > 0 && e.getErrors() > 0, "caller edge front -> back");
      } finally {
        driving.set(false);
        driver.join(5_000);
      }
      assertTrue(served.get() > 10, "requests served: " + served.get());
      assertTrue(wrong.isEmpty(), "wrong answers: " + wrong);
      assertTrue(callers.contains(FRONT), "Faultline's caller header never reached the back: " + callers);
      int checked = 0;
      for (Map.Entry<Integer, List<String>> e : traceparentsById.entrySet()) {
        for (String traceparent : e.getValue()) {
          assertEquals(traceId(e.getKey()), traceparent.split("-")[1],
              "request " + e.getKey() + " reached the back with " + e.getValue());
          checked++;
        }
      }
      assertTrue(checked >= served.get(), checked + " traceparents checked for " + served.get() + " requests");
      assertTrue(front.transcript().contains("opentelemetry-javaagent - version:"),
          "the OpenTelemetry agent did not start:\n" + front.transcript());
      assertFalse(front.transcript().contains("Faultline: "), "agent warnings:\n" + front.transcript());
    } finally {
      back.stop(0);
    }
  }

  /** The trace id the driver sends for request {@code id}: distinct per request, never all zero. */
  private static String traceId(int id) {
    return String.format("%032x", 0x5eed_0000L + id);
  }

  /** Requests /orders/1, /orders/2, ... each with its own incoming traceparent, until stopped. */
  private static void drive(int port, AtomicBoolean driving, AtomicInteger served, Queue<String> wrong) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int id = 1; driving.get(); id++) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/orders/" + id))
            .header("traceparent", "00-" + traceId(id) + "-00f067aa0ba902b7-01")
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == (id % 4 == 0 ? 500 : 200) && r.body().equals("item " + id + "\n")) {
          served.incrementAndGet();
        } else {
          wrong.add("/orders/" + id + " -> " + r.statusCode() + " " + r.body().strip());
        }
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        wrong.add("/orders/" + id + " failed: " + e);
      }
    }
  }

  /**
   * The back service, in the test's JVM: records every traceparent value and the caller header per id, names
   * itself in its response, and answers 500 to every fourth id.
   */
  private static HttpServer recordingBack(Map<Integer, List<String>> traceparents, Queue<String> callers)
      throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/items/", exchange -> {
      int id = Integer.parseInt(exchange.getRequestURI().getPath().substring("/items/".length()));
      List<String> values = exchange.getRequestHeaders().get("traceparent");
      traceparents.put(id, values == null ? List.of("missing-traceparent") : new ArrayList<>(values));
      String caller = exchange.getRequestHeaders().getFirst("x-faultline-caller");
      if (caller != null) {
        callers.add(caller);
      }
      exchange.getResponseHeaders().set("x-faultline-service", BACK);
      byte[] body = ("item " + id + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(id % 4 == 0 ? 500 : 200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }
}
