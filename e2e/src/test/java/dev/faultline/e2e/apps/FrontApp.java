package dev.faultline.e2e.apps;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The front service of the call-graph test: {@code GET /orders/<id>} calls the back service's
 * {@code /items/<id>} with {@link HttpClient} and answers with the back's status. Argument: the back's port.
 * Prints {@code READY <port>}.
 */
public final class FrontApp {

  public static void main(String[] args) throws Exception {
    int backPort = Integer.parseInt(args[0]);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/orders/", exchange -> {
      int status;
      String body;
      try {
        String id = exchange.getRequestURI().getPath().substring("/orders/".length());
        HttpResponse<String> back = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + backPort + "/items/" + id)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        status = back.statusCode();
        body = back.body();
      } catch (Exception e) {
        status = 502;
        body = e.toString() + "\n";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    Integer threads = Integer.getInteger("app.threads"); // the overhead bench serves requests concurrently
    if (threads != null) {
      server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(threads));
    }
    server.start();
    System.out.println("READY " + server.getAddress().getPort());
    System.out.flush();
  }
}
