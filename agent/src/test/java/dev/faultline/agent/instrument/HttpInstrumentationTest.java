package dev.faultline.agent.instrument;

import static dev.faultline.agent.instrument.AgentTestSupport.edge;
import static dev.faultline.agent.instrument.AgentTestSupport.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.bootstrap.HttpClientHook;
import dev.faultline.agent.bootstrap.HttpServerHook;
import dev.faultline.agent.bootstrap.UrlConnectionHook;
import dev.faultline.agent.instrument.httpserver.HttpServerInstrumentation;
import dev.faultline.agent.instrument.httpserver.HttpUrls;
import dev.faultline.agent.instrument.httpserver.TestServer;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeSnapshot;
import dev.faultline.agent.instrument.record.EndpointSnapshot;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.IntervalReport;
import dev.faultline.agent.instrument.record.PeerKind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent installed in-process, a real JDK HTTP server and the JDK's two HTTP clients on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpInstrumentationTest {

  private static final String SERVICE = "shop";
  private static final String TRACEPARENT_PATTERN = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";

  private static InstrumentationHandle handle;
  private static TestServer server;
  private static HttpClient client;

  @BeforeAll
  static void start() throws IOException {
    handle = AgentTestSupport.install(InstrumentationSettings.builder(SERVICE).build());
    server = new TestServer();
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
    handle.close();
  }

  @BeforeEach
  void startInterval() throws InterruptedException {
    server.awaitIdle();
    handle.drain(System.currentTimeMillis());
  }

  @Test
  void allLibrariesAreActive() {
    for (String library : InstrumentationSettings.LIBRARIES) {
      // Configured methods are installed only when some are configured (none here).
      assertEquals(!library.equals(InstrumentationSettings.METHODS), handle.active(library), library);
    }
  }

  @Test
  void requestsInFlightAreCountedWhileServedAndReportedAsTheIntervalsMeanAndMax() throws Exception {
    java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      responses.add(client.sendAsync(HttpRequest.newBuilder(server.uri("/hold")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < 1000 && server.held.get() < 3; i++) {
      Thread.sleep(10);
    }
    assertEquals(3, server.held.get());
    IntervalReport rising = handle.drain(System.currentTimeMillis());
    assertEquals(3, rising.inFlight().max());
    assertTrue(rising.inFlight().mean() > 0 && rising.inFlight().mean() < 3, "mean " + rising.inFlight().mean());

    Thread.sleep(100);
    IntervalReport holding = handle.drain(System.currentTimeMillis());
    assertEquals(3, holding.inFlight().max());
    assertEquals(3.0, holding.inFlight().mean(), 0.01, "all three in flight the whole interval");

    long released = System.nanoTime();
    server.releaseHeld();
    for (var response : responses) {
      assertEquals("held", response.get(10, TimeUnit.SECONDS).body());
    }
    server.awaitIdle();
    Thread.sleep(100);
    long intervalNanos = System.nanoTime() - released;
    IntervalReport ending = handle.drain(System.currentTimeMillis());
    assertEquals(3, ending.inFlight().max(), "the interval started with three");
    assertTrue(ending.inFlight().mean() > 0 && ending.inFlight().mean() < 3 * 0.9, "mean " + ending.inFlight().mean()
        + " over " + intervalNanos / 1e6 + " ms");

    IntervalReport idle = handle.drain(System.currentTimeMillis());
    assertEquals(0, idle.inFlight().max());
    assertEquals(0.0, idle.inFlight().mean());
  }

  @Test
  void serverRecordsRequestsPerFoldedEndpoint() throws Exception {
    for (String id : new String[] {"1", "22", "333"}) {
      assertEquals("user", HttpUrls.get(server.uri("/users/" + id)));
    }

    EndpointSnapshot users = endpoint(drain(), "GET /users/{id}").orElseThrow();
    assertEquals(3, users.requests());
    assertEquals(0, users.errors());
    assertTrue(users.latency().valueAtPercentileNanos(50) > 0);
    assertTrue(users.latency().sumNanos() > 0);
  }

  @Test
  void aRequestThroughUserFiltersIsOneRequestTimedFromTheFirstFilter() throws Exception {
    assertEquals("filtered", HttpUrls.get(server.uri("/filtered")));
    assertEquals("status:401", HttpUrls.get(server.uri("/guarded")));

    IntervalReport report = drain();
    EndpointSnapshot filtered = endpoint(report, "GET /filtered").orElseThrow();
    assertEquals(1, filtered.requests(), "the chains' re-entries are not requests of their own");
    assertTrue(filtered.latency().valueAtPercentileNanos(100) >= TestServer.FILTER_MILLIS * 900_000,
        "timed from the outermost chain, the first filter included: " + filtered.latency());
    EndpointSnapshot guarded = endpoint(report, "GET /guarded").orElseThrow();
    assertEquals(1, guarded.requests(), "a request a filter answers itself is measured");
    assertEquals(0, guarded.errors());
  }

  @Test
  void serverCounts5xxAndEscapingExceptionsAsErrors() throws Exception {
    assertEquals("status:500", HttpUrls.get(server.uri("/fail")));
    assertThrows(IOException.class, () -> HttpUrls.get(server.uri("/boom")));

    IntervalReport report = drain();
    assertEquals(1, endpoint(report, "GET /fail").orElseThrow().errors());
    // HttpURLConnection retries a GET once when the connection closes without a response: 1 or 2 requests.
    EndpointSnapshot boom = endpoint(report, "GET /boom").orElseThrow();
    assertEquals(boom.requests(), boom.errors());
    assertTrue(report.exceptions().stream().anyMatch(e -> e.type().equals(IllegalStateException.class.getName())
        && e.source().equals("GET /boom") && e.count() == boom.requests()), report.exceptions().toString());
  }

  @Test
  void urlConnectionSendsPropagationHeadersAndBothSidesRecordTheEdge() throws Exception {
    String body = HttpUrls.get(server.uri("/echo"));

    assertTrue(server.received.get("traceparent").matches(TRACEPARENT_PATTERN), body);
    assertEquals(SERVICE, server.received.get("caller"));
    IntervalReport report = drain();
    EdgeSnapshot caller = edge(report, SERVICE, EdgeSide.CALLER).orElseThrow();
    assertEquals(PeerKind.SERVICE, caller.kind()); // named by the callee's x-faultline-service
    assertEquals(1, caller.calls());
    EdgeSnapshot callee = edge(report, SERVICE, EdgeSide.CALLEE).orElseThrow();
    assertEquals(SERVICE, callee.caller());
    assertEquals(1, callee.calls());
  }

  @Test
  void httpClientSyncAndAsyncSendPropagationHeadersAndRecordCalls() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.uri("/echo")).build();
    String sync = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    String async = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS).body();

    for (String body : new String[] {sync, async}) {
      String[] parts = body.split("\\|");
      assertTrue(parts[0].matches(TRACEPARENT_PATTERN), body);
      assertEquals(SERVICE, parts[1]);
    }
    IntervalReport report = awaitEdgeCalls(SERVICE, EdgeSide.CALLER, 2);
    assertEquals(0, edge(report, SERVICE, EdgeSide.CALLER).orElseThrow().errors());
  }

  @Test
  void httpClientKeepsTheApplicationsMethodHeadersAndBodyAndReplacesItsCallerHeader() throws Exception {
    // The propagation headers are added through a view of the application's request, not a rebuilt copy.
    HttpRequest request = HttpRequest.newBuilder(server.uri("/mirror"))
        .header("x-app", "kept").header("X-Faultline-Caller", "spoofed")
        .POST(HttpRequest.BodyPublishers.ofString("order=42")).timeout(Duration.ofSeconds(5)).build();

    String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();

    assertEquals("POST|kept|" + SERVICE + "|order=42", body);
    awaitEdgeCalls(SERVICE, EdgeSide.CALLER, 1); // asserts exactly one call measured
  }

  /**
   * Every way of making a client gives the same {@code HttpClientImpl} (behind a facade), and every public send
   * ends in its private 4-argument {@code sendAsync}: async calls from each construction are measured and carry the
   * headers, including a client with its own executor, HTTP/2 preferred, and the push-promise overload.
   */
  @ParameterizedTest
  @ValueSource(strings = {"newHttpClient", "newBuilder", "newBuilder-executor-http2"})
  void httpClientAsyncFromEveryConstructionSendsHeadersAndRecordsCalls(String construction) throws Exception {
    java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      HttpClient async = switch (construction) {
        case "newHttpClient" -> HttpClient.newHttpClient();
        case "newBuilder" -> HttpClient.newBuilder().build();
        default -> HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_2).build();
      };
      HttpRequest request = HttpRequest.newBuilder(server.uri("/echo")).build();
      String plain = async.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS).body();
      String push = async.sendAsync(request, HttpResponse.BodyHandlers.ofString(), null)
          .get(10, TimeUnit.SECONDS).body();

      for (String body : new String[] {plain, push}) {
        String[] parts = body.split("\\|");
        assertTrue(parts[0].matches(TRACEPARENT_PATTERN), construction + ": " + body);
        assertEquals(SERVICE, parts[1]);
      }
      IntervalReport report = awaitEdgeCalls(SERVICE, EdgeSide.CALLER, 2);
      assertEquals(0, edge(report, SERVICE, EdgeSide.CALLER).orElseThrow().errors());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void httpClientRecordsFailedConnectionAsErrorOfExternalEdge() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/x")).build();
    assertThrows(IOException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));

    IntervalReport report = awaitEdgeCalls("127.0.0.1:" + closedPort, EdgeSide.CALLER, 1);
    EdgeSnapshot failed = edge(report, "127.0.0.1:" + closedPort, EdgeSide.CALLER).orElseThrow();
    assertEquals(PeerKind.EXTERNAL, failed.kind());
    assertEquals(1, failed.errors());
  }

  @Test
  void callMadeWhileServingARequestCarriesTheIncomingTraceId() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpRequest request = HttpRequest.newBuilder(server.uri("/relay"))
        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build();

    client.send(request, HttpResponse.BodyHandlers.ofString());

    String relayed = server.received.get("traceparent"); // what /relay's HttpURLConnection call sent to /echo
    assertTrue(relayed.matches(TRACEPARENT_PATTERN), relayed);
    assertTrue(relayed.startsWith("00-" + traceId + "-"), relayed);
    assertTrue(!relayed.endsWith("00f067aa0ba902b7-01"), "a new span id per call: " + relayed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/fanout", "/fanout-async"})
  void callMadeFromAnotherThreadOfTheRequestCarriesTheIncomingTraceId(String path) throws Exception {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    HttpRequest request = HttpRequest.newBuilder(server.uri(path))
        .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01").build();

    assertEquals(200, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());

    String relayed = server.received.get("traceparent");
    assertTrue(relayed.startsWith("00-" + traceId + "-"), relayed);
  }

  @Test
  void exceptionInAHookNeverReachesTheApplication() throws Exception {
    HttpServerHook server0 = Hooks.httpServer();
    UrlConnectionHook urlConnection0 = Hooks.urlConnection();
    HttpClientHook client0 = Hooks.httpClient();
    Hooks.setHttpServer(ThrowingHooks.SERVER);
    Hooks.setUrlConnection(ThrowingHooks.URL_CONNECTION);
    Hooks.setHttpClient(ThrowingHooks.CLIENT);
    try {
      assertEquals("user", HttpUrls.get(server.uri("/users/1")));
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/users/2")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertEquals("user", response.body());
    } finally {
      Hooks.setHttpServer(server0);
      Hooks.setUrlConnection(urlConnection0);
      Hooks.setHttpClient(client0);
    }
    // The failing hooks left no call depth behind on the server's threads: requests are measured again.
    server.awaitIdle();
    drain();
    for (int i = 0; i < 4; i++) {
      assertEquals("user", HttpUrls.get(server.uri("/users/" + i)));
    }
    assertEquals(4, endpoint(drain(), "GET /users/{id}").orElseThrow().requests());
  }

  @Test
  void endpointsBeyondTheCapAreCountedUnderOther() throws Exception {
    HttpServerHook installed = Hooks.httpServer();
    IntervalRecorder small = new IntervalRecorder(SERVICE, 2, 10, 10, System.currentTimeMillis());
    new HttpServerInstrumentation().registerHook(small, new LibraryGuard("httpserver"),
        InstrumentationSettings.builder(SERVICE).build());
    try {
      for (String path : new String[] {"/users/1", "/fail", "/echo", "/users/2", "/users"}) {
        HttpUrls.get(server.uri(path));
      }
    } finally {
      Hooks.setHttpServer(installed);
    }

    server.awaitIdle();
    IntervalReport report = small.drain(System.currentTimeMillis());
    assertEquals(2, endpoint(report, "GET /users/{id}").orElseThrow().requests(), report.toString());
    assertEquals(1, endpoint(report, "GET /fail").orElseThrow().requests());
    assertEquals(2, endpoint(report, "OTHER").orElseThrow().requests());
    assertEquals(3, report.endpoints().size());
  }

  @Test
  void failingRecorderNeverFailsTheRequest() throws Exception {
    HttpServerHook installed = Hooks.httpServer();
    IntervalRecorder failing = new IntervalRecorder(SERVICE, 10, 10, 10, 0) {
      @Override
      public EndpointStats endpoint(String method, String rawPath) {
        throw new IllegalStateException("recorder broken");
      }
    };
    LibraryGuard guard = new LibraryGuard("httpserver");
    new HttpServerInstrumentation().registerHook(failing, guard, InstrumentationSettings.builder(SERVICE).build());
    try {
      assertEquals("user", HttpUrls.get(server.uri("/users/1")));
    } finally {
      Hooks.setHttpServer(installed);
    }

    assertEquals(1, guard.recordingFailures());
  }

  private static IntervalReport drain() throws InterruptedException {
    server.awaitIdle();
    return handle.drain(System.currentTimeMillis());
  }

  /** The client edge completes on the client's thread, possibly just after the response returned. */
  private static IntervalReport awaitEdgeCalls(String callee, EdgeSide side, long calls) throws InterruptedException {
    IntervalReport merged = null;
    long seen = 0;
    for (int i = 0; i < 100 && seen < calls; i++) {
      IntervalReport report = drain();
      seen += edge(report, callee, side).map(EdgeSnapshot::calls).orElse(0L);
      if (edge(report, callee, side).isPresent()) {
        merged = report;
      }
      if (seen < calls) {
        Thread.sleep(20);
      }
    }
    assertEquals(calls, seen);
    return merged;
  }
}
