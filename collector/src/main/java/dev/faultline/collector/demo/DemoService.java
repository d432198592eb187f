package dev.faultline.collector.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * One service of the demo fleet, run in its own JVM: an HTTP server on 127.0.0.1 whose {@code GET /} does its own
 * work on a {@link WorkerPool} (a simulated downstream wait and a little CPU; the pool's size and mean wait come
 * from the system properties {@code demo.workers} and {@code demo.waitMillis}), calls its
 * downstream services, and answers. {@code POST /admin/fault?...} injects a fault (see
 * {@link FaultState}) so that the demo can show an incident starting in a back-end service.
 *
 * <pre>
 * java -javaagent:faultline-agent.jar=service=frontend -Ddemo.workers=4 -Ddemo.waitMillis=25 \
 *     -cp faultline-collector.jar \
 *     dev.faultline.collector.demo.DemoService 8080 http://127.0.0.1:8081 http://127.0.0.1:8082
 * </pre>
 */
public final class DemoService {

  /**
   * Server threads: enough that the HTTP server itself never queues at the demo's rates, so that a service's queue
   * is its worker pool's.
   */
  static final int SERVER_THREADS = 64;

  private final FaultState fault = new FaultState();
  private final WorkerPool work = WorkerPool.fromSystemProperties();
  private final List<URI> downstream;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private DemoService(List<URI> downstream) {
    this.downstream = downstream;
  }

  /** Arguments: the port to listen on, then the base URIs of the downstream services. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: DemoService PORT [DOWNSTREAM_URI...]");
      System.exit(2);
    }
    List<URI> downstream = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      downstream.add(URI.create(args[i]));
    }
    new DemoService(downstream).serve(Integer.parseInt(args[0]));
  }

  private void serve(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    server.createContext("/admin/fault", this::handleFault);
    server.createContext("/", this::handleRequest);
    server.setExecutor(Executors.newFixedThreadPool(SERVER_THREADS));
    server.start();
    System.out.println("demo service listening on 127.0.0.1:" + server.getAddress().getPort());
  }

  private void handleRequest(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      String body = "ok";
      try {
        fault.beforeWork();
        int iterations = fault.cpuIterations();
        work.run(() -> burnCpu(iterations));
        for (URI uri : downstream) {
          HttpResponse<Void> response =
              client.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() >= 500) {
            status = 502;
            body = "downstream " + uri + " failed";
          }
        }
        if (fault.shouldFail()) {
          status = 500;
          body = "injected error";
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 503;
        body = "interrupted";
      } catch (IOException e) {
        status = 502;
        body = "downstream unreachable: " + e.getMessage();
      }
      reply(exchange, status, body);
    }
  }

  private void handleFault(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery();
      try {
        fault.apply(query == null ? "" : query);
        reply(exchange, 200, fault.describe());
      } catch (IllegalArgumentException e) {
        reply(exchange, 400, e.getMessage());
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A deterministic bit of CPU work standing in for business logic. */
  private static long burnCpu(int iterations) {
    long x = 1;
    for (int i = 0; i < iterations; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x;
  }
}
