package dev.faultline.e2e.apps;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A minimal application for end-to-end tests: serves {@code GET /} on 127.0.0.1 (ephemeral port) and prints
 * {@code READY <port>} once it answers, so that the test can drive it while the agent runs beside it.
 */
public final class SteadyApp {

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", exchange -> {
      byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("READY " + server.getAddress().getPort());
    System.out.flush();
  }
}
