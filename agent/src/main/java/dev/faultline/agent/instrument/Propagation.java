package dev.faultline.agent.instrument;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.TraceContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The propagation headers: W3C {@code traceparent} and Faultline's caller/service names.
 *
 * <pre>
 * traceparent: 00-{32 hex trace id}-{16 hex parent span id}-01
 * x-faultline-caller: checkout      (request: the calling service)
 * x-faultline-service: payments     (response: the called service, so the caller can name the edge)
 * </pre>
 */
public final class Propagation {

  public static final String TRACEPARENT = "traceparent";
  public static final String CALLER_HEADER = "x-faultline-caller";
  public static final String SERVICE_HEADER = "x-faultline-service";
  private static final int TRACEPARENT_LENGTH = 55;

  private Propagation() {}

  /**
   * The context of an inbound request: the trace id of {@code traceparent} when valid (else a new one) and the
   * caller; null when the request carries neither header.
   */
  public static TraceContext inbound(String traceparent, String caller) {
    if (traceparent == null && caller == null) {
      return null;
    }
    if (traceparent != null && isValid(traceparent)) {
      return new TraceContext(parseHex(traceparent, 3), parseHex(traceparent, 19), caller);
    }
    return newContext(caller);
  }

  /**
   * The context an outbound call propagates: the current one, else a new one. Inside a server request the new
   * one is made current, so every call of that request shares its trace id (the server scope restores the
   * previous context when the request ends); elsewhere it is not, so no context outlives its call.
   */
  public static TraceContext outbound() {
    TraceContext current = TraceContext.current();
    if (current != null) {
      return current;
    }
    TraceContext created = newContext(null);
    if (CallDepth.get(CallDepth.HTTP_SERVER) > 0 || CallDepth.get(CallDepth.SERVLET) > 0) {
      TraceContext.attach(created);
    }
    return created;
  }

  /** A traceparent for an outbound call in {@code context}, with a new span id. */
  public static String traceparent(TraceContext context) {
    long spanId = ThreadLocalRandom.current().nextLong() | 1L; // never all zero
    StringBuilder out = new StringBuilder(TRACEPARENT_LENGTH).append("00-");
    appendHex(out, context.traceIdHigh());
    appendHex(out, context.traceIdLow());
    out.append('-');
    appendHex(out, spanId);
    return out.append("-01").toString();
  }

  private static TraceContext newContext(String caller) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new TraceContext(random.nextLong(), random.nextLong() | 1L, caller);
  }

  /** Version 00 layout, lower-case hex, trace id not all zero. Visible for testing. */
  static boolean isValid(String traceparent) {
    if (traceparent.length() < TRACEPARENT_LENGTH || traceparent.charAt(2) != '-'
        || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
      return false;
    }
    for (int i = 3; i < 35; i++) {
      if (Character.digit(traceparent.charAt(i), 16) < 0) {
        return false;
      }
    }
    return parseHex(traceparent, 3) != 0 || parseHex(traceparent, 19) != 0;
  }

  private static long parseHex(String s, int start) {
    long value = 0;
    for (int i = start; i < start + 16; i++) {
      value = (value << 4) | Character.digit(s.charAt(i), 16);
    }
    return value;
  }

  private static void appendHex(StringBuilder out, long value) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      out.append(Character.forDigit((int) (value >>> shift) & 0xf, 16));
    }
  }
}
