package dev.faultline.collector.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP receiver on 127.0.0.1 that answers 503 to the first {@code failures} POSTs, then 200. */
final class Receiver implements AutoCloseable {

  record Request(JsonNode body, Map<String, List<String>> headers, int answeredStatus) {}

  private static final ObjectMapper json = new ObjectMapper();

  private final HttpServer server;
  private final AtomicInteger failuresLeft;
  private final List<Request> requests = new ArrayList<>();

  Receiver(int failures) throws IOException {
    this.failuresLeft = new AtomicInteger(failures);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      JsonNode body;
      try (InputStream in = exchange.getRequestBody()) {
        body = json.readTree(in);
      }
      int status = failuresLeft.getAndDecrement() > 0 ? 503 : 200;
      synchronized (requests) {
        requests.add(new Request(body, Map.copyOf(exchange.getRequestHeaders()), status));
        requests.notifyAll();
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  /** Waits until {@code n} requests arrived; returns them all. */
  List<Request> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (requests) {
      while (requests.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected " + n + " requests, got " + requests.size() + ": " + requests);
        }
        requests.wait(Math.max(1, left / 1_000_000));
      }
      return List.copyOf(requests);
    }
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
