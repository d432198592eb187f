package dev.faultline.agent.instrument.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.AgentTestSupport;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The propagation headers by map lookup: plain Headers, the real server's request headers, and the fallback. */
class RequestHeaderMapsTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @BeforeAll
  static void openAsTheAgentDoes() {
    RequestHeaderMaps.open(AgentTestSupport.instrumentation());
  }

  @Test
  void plainHeadersAreReadByNormalisedKeyWhateverTheCaseSent() {
    Headers headers = new Headers();
    headers.add("TRACEPARENT", TRACEPARENT);
    headers.add("x-Faultline-CALLER", "checkout");
    headers.add("x-faultline-caller", "second");

    Map<String, List<String>> map = RequestHeaderMaps.of(headers);

    assertNotNull(map, "the packages were opened, so the map is reachable");
    assertEquals(TRACEPARENT, RequestHeaderMaps.first(map, RequestHeaderMaps.TRACEPARENT_KEY));
    assertEquals("checkout", RequestHeaderMaps.first(map, RequestHeaderMaps.CALLER_KEY), "the first value");
    assertEquals(headers.getFirst("traceparent"), RequestHeaderMaps.first(map, RequestHeaderMaps.TRACEPARENT_KEY));
    assertNull(RequestHeaderMaps.first(RequestHeaderMaps.of(new Headers()), RequestHeaderMaps.CALLER_KEY));
  }

  @Test
  void aHeaderSetThroughTheMapReadsAsHeadersSetWouldHaveItAndStaysMutable() {
    Headers headers = new Headers();
    headers.add("X-Faultline-Service", "stale");

    RequestHeaderMaps.set(headers, RequestHeaderMaps.SERVICE_KEY, "payments");

    assertEquals(List.of("payments"), headers.get("x-faultline-service"), "replaced, as set replaces");
    headers.add("x-faultline-service", "added-by-the-application");
    assertEquals(List.of("payments", "added-by-the-application"), headers.get("X-FAULTLINE-SERVICE"));
    assertEquals(1, headers.size());

    Headers custom = new Headers() {}; // not reachable: Headers.set does it
    RequestHeaderMaps.set(custom, RequestHeaderMaps.SERVICE_KEY, "payments");
    assertEquals("payments", custom.getFirst("x-faultline-service"));
  }

  @Test
  void theRealServersUnmodifiableRequestHeadersAreReached() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/h", exchange -> {
      Map<String, List<String>> map = RequestHeaderMaps.of(exchange.getRequestHeaders());
      String answer = exchange.getRequestHeaders().getClass().getName() + " " + (map == null ? "no map"
          : RequestHeaderMaps.first(map, RequestHeaderMaps.CALLER_KEY) + " "
              + RequestHeaderMaps.first(map, RequestHeaderMaps.TRACEPARENT_KEY));
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/h");
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(5000);
      connection.setReadTimeout(5000);
      connection.setRequestProperty("X-Faultline-Caller", "checkout");
      connection.setRequestProperty("traceparent", TRACEPARENT);
      String answer = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertEquals("sun.net.httpserver.UnmodifiableHeaders checkout " + TRACEPARENT, answer);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void headersOfAnotherTypeFallBackToTheScan() {
    Headers custom = new Headers() {}; // an application's subclass: its own storage may differ
    custom.add("X-Faultline-Caller", "checkout");
    assertNull(RequestHeaderMaps.of(custom));

    IntervalRecorder recorder = new IntervalRecorder("payments", 10, 10, 10, 0);
    HttpServerTracer tracer = new HttpServerTracer(recorder, new LibraryGuard("httpserver"), "payments");
    StubExchange exchange = new StubExchange("GET", "/a", custom);
    exchange.status = 200;
    ThreadState thread = ThreadState.current();
    tracer.enter(thread, exchange);
    TraceContext during = TraceContext.current();
    tracer.exit(thread, null);

    assertEquals("checkout", during.caller(), "found by the scan");
    assertEquals("payments", exchange.getResponseHeaders().getFirst("x-faultline-service"));
  }
}
