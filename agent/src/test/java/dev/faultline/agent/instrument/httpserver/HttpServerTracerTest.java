package dev.faultline.agent.instrument.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeSnapshot;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.IntervalReport;
import org.junit.jupiter.api.Test;

/** The advice's helper without bytecode: enter and exit called directly, as the advice would. */
class HttpServerTracerTest {

  private final IntervalRecorder recorder = new IntervalRecorder("payments", 10, 10, 10, 0);
  private final LibraryGuard guard = new LibraryGuard("httpserver");
  private final HttpServerTracer tracer = new HttpServerTracer(recorder, guard, "payments");
  private final ThreadState thread = ThreadState.current();

  @Test
  void recordsTheEndpointAndTheCalleeSideEdgeAndRestoresTheContext() {
    StubExchange exchange = new StubExchange("POST", "/charges/42")
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .header("x-faultline-caller", "checkout");

    tracer.enter(thread, exchange);
    TraceContext during = TraceContext.current();
    exchange.status = 503;
    tracer.exit(thread, null);

    assertEquals(0x4bf92f3577b34da6L, during.traceIdHigh());
    assertEquals("checkout", during.caller());
    assertNull(TraceContext.current());
    assertEquals("payments", exchange.getResponseHeaders().getFirst("x-faultline-service"));
    IntervalReport report = recorder.drain(1_000);
    assertEquals("POST /charges/{id}", report.endpoints().get(0).name());
    assertEquals(1, report.endpoints().get(0).errors());
    EdgeSnapshot edge = report.edges().get(0);
    assertEquals("checkout", edge.caller());
    assertEquals("payments", edge.callee());
    assertEquals(EdgeSide.CALLEE, edge.side());
  }

  @Test
  void propagationHeadersAreFoundAmongOthersWhateverTheirCase() {
    StubExchange exchange = new StubExchange("GET", "/a")
        .header("Host", "127.0.0.1:8080")
        .header("X-FAULTLINE-CALLER", "checkout")
        .header("Accept", "*/*")
        .header("TraceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    exchange.status = 200;
    tracer.enter(thread, exchange);
    TraceContext during = TraceContext.current();
    tracer.exit(thread, null);
    assertEquals("checkout", during.caller());
    assertEquals(0x4bf92f3577b34da6L, during.traceIdHigh());
    assertEquals("payments", exchange.getResponseHeaders().getFirst("x-faultline-service"));
  }

  @Test
  void thrownExceptionIsAnErrorAndIsCounted() {
    tracer.enter(thread, new StubExchange("GET", "/x"));
    tracer.exit(thread, new IllegalStateException("handler"));

    IntervalReport report = recorder.drain(1_000);
    assertEquals(1, report.endpoints().get(0).errors());
    assertEquals("GET /x", report.exceptions().get(0).source());
  }

  @Test
  void scopeIsReusedPerThreadAndReplacedWhenAnotherTracerIsInstalled() {
    tracer.enter(thread, new StubExchange("GET", "/a"));
    Object first = thread.scope(CallDepth.HTTP_SERVER);
    tracer.exit(thread, null);
    tracer.enter(thread, new StubExchange("GET", "/b"));
    assertSame(first, thread.scope(CallDepth.HTTP_SERVER));
    tracer.exit(thread, null);

    IntervalRecorder other = new IntervalRecorder("payments", 10, 10, 10, 0);
    HttpServerTracer reinstalled = new HttpServerTracer(other, guard, "payments");
    reinstalled.enter(thread, new StubExchange("GET", "/c"));
    reinstalled.exit(thread, null);

    assertNotSame(first, thread.scope(CallDepth.HTTP_SERVER));
    assertEquals(2, recorder.drain(1_000).endpoints().size());
    assertEquals("GET /c", other.drain(1_000).endpoints().get(0).name(), "the new tracer records into its own recorder");
  }

  @Test
  void exitWithoutAStartedRequestRecordsNothing() {
    tracer.exit(thread, null);
    guard.instrumentationFailed("X", new IllegalStateException("off"));
    tracer.enter(thread, new StubExchange("GET", "/a"));
    tracer.exit(thread, null);

    assertTrue(recorder.drain(1_000).endpoints().isEmpty());
  }

  @Test
  void failingRecorderIsCountedAndTheRequestGoesOn() {
    IntervalRecorder failing = new IntervalRecorder("payments", 10, 10, 10, 0) {
      @Override
      public EndpointStats endpoint(String method, String rawPath) {
        throw new IllegalStateException("recorder broken");
      }
    };
    HttpServerTracer broken = new HttpServerTracer(failing, guard, "payments");

    broken.enter(thread, new StubExchange("GET", "/a").header("x-faultline-caller", "checkout"));
    assertFalse(((HttpServerScope) thread.scope(CallDepth.HTTP_SERVER)).started());
    broken.exit(thread, null);

    assertEquals(1, guard.recordingFailures());
    assertTrue(guard.active(), "a recording failure does not turn the library off");
    assertNull(TraceContext.current());
  }
}
