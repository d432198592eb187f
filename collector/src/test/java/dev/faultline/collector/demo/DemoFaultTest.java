package dev.faultline.collector.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo's own fault: after its delay it is POSTed to payments' {@code /admin/fault} (a real HTTP server on
 * 127.0.0.1 standing in for the demo service), and the user is told what was injected and where to look.
 */
@Timeout(20)
class DemoFaultTest {

  @Test
  void injectsLatencyIntoPaymentsAfterTheDelayAndSaysWhereToLook() throws Exception {
    BlockingQueue<String> requests = new ArrayBlockingQueue<>(4);
    HttpServer payments = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    payments.createContext("/admin/fault", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      byte[] body = "latency-ms=300 error-ratio=0.0 cpu-factor=1\n".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    payments.start();
    BlockingQueue<String> said = new ArrayBlockingQueue<>(4);
    URI base = URI.create("http://127.0.0.1:" + payments.getAddress().getPort() + "/");
    long start = System.nanoTime();
    try (DemoFault fault = DemoFault.schedule(Map.of("payments", base, "frontend", URI.create("http://127.0.0.1:1/")),
        Duration.ofMillis(300), "127.0.0.1:9471", said::add)) {
      String request = requests.poll(10, TimeUnit.SECONDS);
      assertEquals("POST /admin/fault?latency-ms=300", request);
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "injected before its delay");
      String line = said.poll(5, TimeUnit.SECONDS);
      assertNotNull(line, "nothing announced");
      assertTrue(line.contains("injected 300 ms of latency into payments"), line);
      assertTrue(line.contains("payments -> checkout -> frontend"), line);
      assertTrue(line.contains("http://127.0.0.1:9471/") && line.contains("faultline incident"), line);
      assertTrue(line.contains("/admin/fault?clear"), line);
      assertNull(requests.poll(500, TimeUnit.MILLISECONDS), "injected once only");
    } finally {
      payments.stop(0);
    }
  }

  @Test
  void aFleetWithoutPaymentsIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoFault.schedule(Map.of(),
        Duration.ofSeconds(1), "127.0.0.1:9471", s -> { }));
    assertTrue(e.getMessage().contains("no payments service"), e.getMessage());
  }
}
