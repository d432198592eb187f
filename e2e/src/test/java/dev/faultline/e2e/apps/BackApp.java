package dev.faultline.e2e.apps;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The back service of the call-graph test: {@code GET /items/<id>} reads the item from an H2 in-memory database
 * over JDBC and answers 200, or 500 when the id is a multiple of 4 (after the query). Prints {@code READY <port>}.
 * Needs the H2 jar on its class path.
 */
public final class BackApp {

  public static void main(String[] args) throws Exception {
    String url = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE item(id INT PRIMARY KEY, name VARCHAR(40))");
      for (int i = 0; i < 100; i++) {
        s.execute("INSERT INTO item VALUES (" + i + ", 'item " + i + "')");
      }
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/items/", exchange -> {
      int status;
      String body;
      try {
        int id = Integer.parseInt(exchange.getRequestURI().getPath().substring("/items/".length()));
        try (Connection c = DriverManager.getConnection(url);
            PreparedStatement q = c.prepareStatement("SELECT name FROM item WHERE id = ?")) {
          q.setInt(1, id % 100);
          try (ResultSet r = q.executeQuery()) {
            body = r.next() ? r.getString(1) : "none";
          }
        }
        status = id % 4 == 0 ? 500 : 200;
      } catch (Exception e) {
        status = 500;
        body = e.toString();
      }
      byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
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
