package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * A real {@code com.sun.net.httpserver} server on 127.0.0.1, port 0: {@code /users/<id>} answers 200, {@code
 * /fail} 500, {@code /boom} throws, {@code /echo} answers the propagation headers it received, {@code /relay}
 * calls {@code /echo} with HttpURLConnection from inside the request, {@code /fanout} and {@code /fanout-async}
 * do the same from an executor's thread and from {@code CompletableFuture.supplyAsync}, {@code /mirror} answers
 * the method, the {@code x-app} and {@code x-faultline-caller} headers and the body it received, {@code /hold}
 * answers when {@link #releaseHeld} is called.
 */
public final class TestServer implements AutoCloseable {

  /** Requests to {@code /hold} being held (they wait for {@link #releaseHeld}). */
  public final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
  private volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

  /** The headers the server received, by request path. */
  public final Map<String, String> received = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(4);
  private final ExecutorService workers = Executors.newFixedThreadPool(2);

  public TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/users", exchange -> respond(exchange, 200, "user"));
    server.createContext("/hold", exchange -> {
      java.util.concurrent.CountDownLatch latch = release;
      held.incrementAndGet();
      try {
        latch.await(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      held.decrementAndGet();
      respond(exchange, 200, "held");
    });
    server.createContext("/fail", exchange -> respond(exchange, 500, "failed"));
    server.createContext("/boom", exchange -> {
      throw new IllegalStateException("boom");
    });
    server.createContext("/echo", exchange -> {
      String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
      String caller = exchange.getRequestHeaders().getFirst("x-faultline-caller");
      received.put("traceparent", String.valueOf(traceparent));
      received.put("caller", String.valueOf(caller));
      respond(exchange, 200, traceparent + "|" + caller);
    });
    server.createContext("/mirror", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      respond(exchange, 200, exchange.getRequestMethod() + "|" + exchange.getRequestHeaders().getFirst("x-app")
          + "|" + exchange.getRequestHeaders().getFirst("x-faultline-caller") + "|" + body);
    });
    server.createContext("/relay", exchange -> {
      String downstream = HttpUrls.get(uri("/echo"));
      respond(exchange, 200, downstream);
    });
    server.createContext("/fanout", exchange -> {
      try {
        respond(exchange, 200, workers.submit(() -> HttpUrls.get(uri("/echo"))).get());
      } catch (Exception e) {
        throw new IOException(e);
      }
    });
    server.createContext("/fanout-async", exchange -> {
      respond(exchange, 200, CompletableFuture.supplyAsync(() -> {
        try {
          return HttpUrls.get(uri("/echo"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).join());
    });
    // User filters: each passes the request on by re-entering the chain, as the server's AuthFilter does.
    HttpContext filtered = server.createContext("/filtered", exchange -> respond(exchange, 200, "filtered"));
    filtered.getFilters().add(passingOn(FILTER_MILLIS));
    filtered.getFilters().add(passingOn(0));
    HttpContext guarded = server.createContext("/guarded", exchange -> respond(exchange, 200, "handled"));
    guarded.getFilters().add(new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        respond(exchange, 401, "denied"); // answers itself: the handler never runs
      }

      @Override
      public String description() {
        return "denies every request";
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  /** How long the first filter of {@code /filtered} takes before it passes the request on. */
  public static final long FILTER_MILLIS = 20;

  private static Filter passingOn(long millis) {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        chain.doFilter(exchange);
      }

      @Override
      public String description() {
        return "passes the request on after " + millis + " ms";
      }
    };
  }

  /** Lets the requests held at {@code /hold} answer; later ones are held again. */
  public void releaseHeld() {
    java.util.concurrent.CountDownLatch latch = release;
    release = new java.util.concurrent.CountDownLatch(1);
    latch.countDown();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Waits until no request is being handled: the client has its response before the handler returns, and the
   * agent records the request when it does.
   */
  public void awaitIdle() throws InterruptedException {
    for (int i = 0; i < 500 && executor.getActiveCount() > 0; i++) {
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    workers.shutdownNow();
  }
}
