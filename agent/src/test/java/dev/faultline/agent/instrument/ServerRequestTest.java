package dev.faultline.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.record.EndpointSnapshot;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.IntervalReport;
import org.junit.jupiter.api.Test;

/** The server-request part shared by the HttpServer and servlet scopes: timing, context, hand-off. */
class ServerRequestTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private final IntervalRecorder recorder = new IntervalRecorder("payments", 10, 10, 10, 0);

  @Test
  void attachesTheContextUntilTheEndAndRecordsTheDuration() {
    TraceContext outer = new TraceContext(1, 2, "outer");
    TraceContext.attach(outer);
    try {
      ServerRequest request = new ServerRequest(recorder, "payments");
      assertTrue(request.start(ThreadState.current(), "checkout", TRACEPARENT, 1_000));
      assertEquals(0x4bf92f3577b34da6L, TraceContext.current().traceIdHigh());
      request.end(recorder.endpoint("GET", "/a"), true, null, 5_001_000);

      assertSame(outer, TraceContext.current());
      IntervalReport report = recorder.drain(1_000);
      EndpointSnapshot endpoint = report.endpoints().get(0);
      assertEquals(1, endpoint.errors());
      assertEquals(5_000_000, endpoint.latency().sumNanos(), 50_000);
      assertEquals("checkout", report.edges().get(0).caller());
    } finally {
      TraceContext.restore(null);
    }
  }

  @Test
  void handOffRestoresTheContextNowAndEndsLaterFromTheSameStart() {
    ServerRequest request = new ServerRequest(recorder, "payments");
    assertFalse(request.start(ThreadState.current(), null, TRACEPARENT, 1_000));
    ServerRequest pending = request.handOff();
    assertNull(TraceContext.current(), "the serving thread's context is restored at hand-off");

    pending.end(recorder.endpoint("GET", "/slow"), false, new IllegalStateException("async"), 200_001_000);
    IntervalReport report = recorder.drain(1_000);
    assertEquals(200_000_000, report.endpoints().get(0).latency().sumNanos(), 2_000_000);
    assertEquals(1, report.endpoints().get(0).errors());
    assertEquals("GET /slow", report.exceptions().get(0).source());
    assertNull(TraceContext.current());
  }

  @Test
  void withoutAttachTheThreadContextIsLeftAlone() {
    ServerRequest request = new ServerRequest(recorder, "payments");
    request.start(null, "checkout", TRACEPARENT, 0);
    assertNull(TraceContext.current());
    request.close();
    assertNull(TraceContext.current());
  }
}
