package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.e2e.support.CapturingCollector;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.Ports;
import dev.faultline.e2e.support.TestApps;
import dev.faultline.proto.v1.EdgeSide;
import dev.faultline.proto.v1.PeerKind;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache HttpClient 4, HttpAsyncClient 4, Apache HttpClient 5 (classic and async) and OkHttp 4 in one application
 * JVM with the agent, each calling its own HTTP server in the test (no agent there): the servers see the propagation
 * headers on every request and name themselves with {@code x-faultline-service} (fake-hc4, fake-hc5, fake-okhttp,
 * fake-hc5async, fake-hc4async), answering 503 to every third request; the caller-side edges to those services,
 * with calls and errors, reach an in-process collector. The async servers answer after {@value #ASYNC_DELAY_MS} ms,
 * so an async call timed to its submit instead of its completion would show; the HttpClient 5 async client's calls
 * to a closed port are errors of an external edge. The async clients that the factories' default classes do not
 * cover are there too: the {@code createMinimal()} clients of HttpClient 5 (fake-hc5minimal) and HttpAsyncClient 4
 * (fake-hc4minimal), and {@code java.net.http.HttpClient.sendAsync} from {@code newHttpClient()} and
 * {@code newBuilder().build()} (fake-jdkasync).
 */
@Timeout(120)
class HttpClientLibrariesEndToEndTest {

  private static final String SERVICE = "e2e-clients";
  private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
  private static final String ASYNC_PEER = "fake-hc5async";
  private static final String ASYNC4_PEER = "fake-hc4async";
  /** Called with a delay and timed to completion; the order of PEERS is the order of ClientsApp's arguments. */
  private static final List<String> ASYNC_PEERS =
      List.of(ASYNC_PEER, ASYNC4_PEER, "fake-hc5minimal", "fake-hc4minimal", "fake-jdkasync");
  private static final List<String> PEERS = List.of("fake-hc4", "fake-hc5", "fake-okhttp", ASYNC_PEER, ASYNC4_PEER,
      "fake-hc5minimal", "fake-hc4minimal", "fake-jdkasync");
  /** ClientsApp's argument index of the closed port, between the first five peers and the others. */
  private static final int CLOSED_PORT_ARG = 5;
  private static final long ASYNC_DELAY_MS = 200;

  @TempDir Path dataDir;

  @Test
  void eachLibraryPropagatesHeadersAndReportsItsCallerEdge() throws Exception {
    Map<String, Queue<String>> headersSeen = new ConcurrentHashMap<>();
    List<HttpServer> servers = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    for (String peer : PEERS) {
      Queue<String> seen = new ConcurrentLinkedQueue<>();
      headersSeen.put(peer, seen);
      boolean async = ASYNC_PEERS.contains(peer);
      HttpServer server = fakeService(peer, seen, async ? ASYNC_DELAY_MS : 0);
      servers.add(server);
      urls.add("http://127.0.0.1:" + server.getAddress().getPort() + "/call");
    }
    int closedPort = Ports.free(); // bound, then closed: nothing listens on it
    urls.add(CLOSED_PORT_ARG, "http://127.0.0.1:" + closedPort + "/call");
    Path lib = TestApps.lib("testapp-clients");
    Path classes = TestApps.compile("clients/ClientsApp.java", "clients", lib, s -> s);
    try (CapturingCollector collector = CapturingCollector.start(dataDir)) {
      List<String> command = new ArrayList<>(List.of(collector.agentArgument(SERVICE),
          "-cp", TestApps.classPath(classes, lib), "ClientsApp"));
      command.addAll(urls);
      try (Jvm app = Jvm.start(Jvm.currentJavaHome(), command)) {
        app.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(60));
        for (String peer : PEERS) {
          collector.awaitEdge(e -> e.getCaller().equals(SERVICE) && e.getCallee().equals(peer)
              && e.getSide() == EdgeSide.EDGE_SIDE_CALLER && e.getCalleeKind() == PeerKind.PEER_KIND_SERVICE
              && e.getCalls() > 0 && e.getErrors() > 0, "caller edge to " + peer);
          // The agent instruments in the background while the application starts: its first calls may go out
          // bare, and a library whose timing and header injection sit in two classes may be timed (the edge
          // above) a few calls before its second class is retransformed. From the first call with headers on,
          // every call must carry them.
          List<String> seen = awaitPropagatedCall(peer, headersSeen.get(peer), Duration.ofSeconds(30));
          int first = seen.indexOf(seen.stream().filter(h -> !h.startsWith("null")).findFirst().orElseThrow());
          for (String headers : seen.subList(first, seen.size())) {
            String[] parts = headers.split(" ");
            assertTrue(parts.length == 2 && TRACEPARENT.matcher(parts[0]).matches() && parts[1].equals(SERVICE),
                peer + " got traceparent/caller " + headers + " among " + seen);
          }
        }
        // Timed until the callback: every call waited for the delayed answer (a submit returns at once).
        for (String asyncPeer : ASYNC_PEERS) {
          collector.awaitEdge(e -> e.getCaller().equals(SERVICE) && e.getCallee().equals(asyncPeer)
              && e.getLatency().getCount() > 0
              && e.getLatency().getSumSeconds() / e.getLatency().getCount() >= ASYNC_DELAY_MS * 0.9 / 1000,
              "edge to " + asyncPeer + " timed to completion");
        }
        String closed = "127.0.0.1:" + closedPort;
        collector.awaitEdge(e -> e.getCaller().equals(SERVICE) && e.getCallee().equals(closed)
            && e.getCalleeKind() == PeerKind.PEER_KIND_EXTERNAL && e.getCalls() > 0
            && e.getErrors() == e.getCalls(), "failed async calls to " + closed);
        assertFalse(app.transcript().contains("ERROR"), app.transcript());
        assertFalse(app.transcript().contains("Faultline: "), "agent warnings:\n" + app.transcript());
      }
    } finally {
      servers.forEach(s -> s.stop(0));
    }
  }

  /** What {@code peer} has seen once a call with propagation headers is among it; fails after {@code wait}. */
  private static List<String> awaitPropagatedCall(String peer, Queue<String> seen, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (seen.stream().allMatch(h -> h.startsWith("null"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(peer + " never got propagation headers in " + wait + ": " + seen);
      }
      sleep(50);
    }
    return new ArrayList<>(seen);
  }

  /**
   * A server that records "traceparent caller" per request, names itself, answers 503 to every third, and waits
   * {@code delayMs} before answering.
   */
  private static HttpServer fakeService(String name, Queue<String> seen, long delayMs) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext("/call/", exchange -> {
      seen.add(exchange.getRequestHeaders().getFirst("traceparent") + " "
          + exchange.getRequestHeaders().getFirst("x-faultline-caller"));
      String path = exchange.getRequestURI().getPath();
      int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
      sleep(delayMs);
      exchange.getResponseHeaders().set("x-faultline-service", name);
      byte[] body = "ok\n".getBytes();
      exchange.sendResponseHeaders(n % 3 == 0 ? 503 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
