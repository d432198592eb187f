package dev.faultline.e2e;

import static dev.faultline.e2e.support.CapturingCollector.value;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.e2e.support.CapturingCollector;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.TestApps;
import dev.faultline.proto.v1.EdgeSide;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's own Netty 4.1 HTTP server (HttpServerCodec; the agent bundles Netty 4.2, relocated) with the
 * agent attached: requests arrive at an in-process collector as per-endpoint RED series under the folded route,
 * 5xx answers as errors, and propagated requests as the callee-side edge with {@code x-faultline-service} answered.
 */
@Timeout(120)
class NettyEndToEndTest {

  private static final String SERVICE = "e2e-netty";

  @TempDir Path dataDir;

  @Test
  void nettyRequestsArriveAsEndpointsWithErrorsAndCallerEdges() throws Exception {
    Path lib = TestApps.lib("testapp-netty");
    Path classes = TestApps.compile("netty/NettyApp.java", "netty", lib, s -> s);
    AtomicBoolean driving = new AtomicBoolean(true);
    try (CapturingCollector collector = CapturingCollector.start(dataDir);
        Jvm app = Jvm.start(Jvm.currentJavaHome(), List.of(collector.agentArgument(SERVICE),
            "-cp", TestApps.classPath(classes, lib), "NettyApp"))) {
      int port = Ports.awaitReady(app, Duration.ofSeconds(60));
      Queue<String> problems = new ConcurrentLinkedQueue<>();
      Thread driver = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicBoolean named = new AtomicBoolean();
        for (int n = 1; driving.get(); n++) {
          String url = "http://127.0.0.1:" + port + "/items/" + n + "?verbose=" + n;
          if (!ServletEndToEndTest.send(http, url, n % 2 == 0, n % 4 == 0 ? 500 : 200, SERVICE, named, problems)) {
            return;
          }
        }
      }, "netty-driver");
      driver.setDaemon(true);
      driver.start();
      try {
        String items = "GET /items/{id}";
        assertTrue(collector.awaitEndpoint(SERVICE, "error_ratio", items, s -> value(s) > 0.1 && value(s) < 0.45)
            .path("points").asInt() >= 1);
        assertTrue(value(collector.awaitEndpoint(SERVICE, "request_rate", items, s -> value(s) > 1)) < 100_000);
        collector.awaitEndpoint(SERVICE, "latency_p99_seconds", items, s -> value(s) > 0 && value(s) < 5);
        collector.awaitEdge(e -> e.getCaller().equals(ServletEndToEndTest.CALLER) && e.getCallee().equals(SERVICE)
            && e.getSide() == EdgeSide.EDGE_SIDE_CALLEE && e.getCalls() > 0 && e.getErrors() > 0, "callee edge");
        assertTrue(problems.isEmpty(), "unexpected answers: " + problems.stream().limit(10).toList());
        assertFalse(app.transcript().contains("Faultline: "), "agent warnings:\n" + app.transcript());
      } finally {
        driving.set(false);
        driver.join(5_000);
      }
    }
  }
}
