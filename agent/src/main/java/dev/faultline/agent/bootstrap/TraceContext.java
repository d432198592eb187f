package dev.faultline.agent.bootstrap;

/**
 * The propagated context of the request a thread is serving: the W3C trace id and the calling service.
 * Immutable; the current one is held in the thread's {@link ThreadState}.
 *
 * <pre>{@code
 * TraceContext previous = TraceContext.attach(TraceContext.fromTraceparent(header, caller));
 * try { handle(); } finally { TraceContext.restore(previous); }
 * }</pre>
 */
public final class TraceContext {

  private final long traceIdHigh;
  private final long traceIdLow;
  private final String caller;

  public TraceContext(long traceIdHigh, long traceIdLow, String caller) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.caller = caller;
  }

  /** The context of the current thread, or null. */
  public static TraceContext current() {
    return ThreadState.current().context();
  }

  /** Makes {@code context} current and returns the previous one (for {@link #restore}). */
  public static TraceContext attach(TraceContext context) {
    return ThreadState.current().attach(context);
  }

  /** Restores the context {@link #attach} returned. */
  public static void restore(TraceContext previous) {
    ThreadState.current().restore(previous);
  }

  public long traceIdHigh() {
    return traceIdHigh;
  }

  public long traceIdLow() {
    return traceIdLow;
  }

  /** The service that called us (from {@code x-faultline-caller}), or null. */
  public String caller() {
    return caller;
  }
}
