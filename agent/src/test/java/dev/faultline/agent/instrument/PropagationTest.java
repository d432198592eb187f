package dev.faultline.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.TraceContext;
import org.junit.jupiter.api.Test;

class PropagationTest {

  private static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void inboundKeepsTheTraceIdAndOutboundMakesANewSpan() {
    TraceContext context = Propagation.inbound(INCOMING, "checkout");

    String outbound = Propagation.traceparent(context);
    assertTrue(outbound.startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"), outbound);
    assertTrue(outbound.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), outbound);
    assertNotEquals(INCOMING, outbound);
    assertEquals("checkout", context.caller());
  }

  @Test
  void anOutboundTraceparentCarriesBothHalvesOfTheTraceIdAndParsesBack() {
    TraceContext context = new TraceContext(0x0123456789abcdefL, 0xfedcba9876543210L, null);

    String outbound = Propagation.traceparent(context);

    assertEquals("00-0123456789abcdeffedcba9876543210-", outbound.substring(0, 36));
    assertTrue(outbound.endsWith("-01"), outbound);
    TraceContext parsed = Propagation.inbound(outbound, null);
    assertEquals(0x0123456789abcdefL, parsed.traceIdHigh());
    assertEquals(0xfedcba9876543210L, parsed.traceIdLow());
  }

  @Test
  void invalidOrMissingTraceparentGivesANewTraceWhenACallerIsNamed() {
    assertNull(Propagation.inbound(null, null));
    assertFalse(Propagation.isValid("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
    assertFalse(Propagation.isValid("garbage"));
    TraceContext context = Propagation.inbound("garbage", "checkout");
    assertNotNull(context);
    assertNotEquals(0, context.traceIdLow());
  }

  @Test
  void outboundOutsideARequestDoesNotLeaveAContextBehind() {
    assertNull(TraceContext.current());
    assertNotNull(Propagation.outbound());
    assertNull(TraceContext.current());
  }

  @Test
  void outboundInsideARequestSharesOneTraceAcrossCalls() {
    CallDepth.increment(CallDepth.HTTP_SERVER);
    try {
      TraceContext first = Propagation.outbound();
      assertSame(first, Propagation.outbound());
    } finally {
      CallDepth.decrement(CallDepth.HTTP_SERVER);
      TraceContext.restore(null);
    }
  }
}
