package dev.faultline.agent.bootstrap;

/**
 * Per-thread re-entry guard: one counter per instrumented library, so only the outermost instrumented call of a
 * library on a thread is measured (a pooled JDBC statement delegating to the driver's statement, {@code send}
 * delegating to {@code sendAsync}).
 *
 * <pre>{@code
 * if (CallDepth.increment(CallDepth.JDBC) > 0) return null;   // enter: nested, do nothing
 * ...
 * if (CallDepth.decrement(CallDepth.JDBC) > 0) return;         // exit: only depth 0 records
 * }</pre>
 *
 * <p>The depths live in the thread's {@link ThreadState} (one ThreadLocal for all the agent's per-thread state): one
 * lookup, no boxing, no allocation after the thread's first instrumented call. Advice that already holds the
 * {@code ThreadState} (the server advice) calls {@link ThreadState#enter} / {@link ThreadState#exit} directly.
 */
public final class CallDepth {

  public static final int HTTP_SERVER = 0;
  public static final int URL_CONNECTION = 1;
  public static final int HTTP_CLIENT = 2;
  public static final int JDBC = 3;
  public static final int SERVLET = 4;
  public static final int APACHE_HTTP_CLIENT = 5;
  public static final int OKHTTP = 6;
  public static final int LOGS = 7;
  public static final int APACHE_ASYNC_CLIENT = 8;
  static final int LIBRARIES = 9;

  private CallDepth() {}

  /** Increments the depth of {@code library} on this thread and returns the depth before the increment. */
  public static int increment(int library) {
    return ThreadState.current().enter(library);
  }

  /** Decrements the depth of {@code library} on this thread and returns the depth after the decrement. */
  public static int decrement(int library) {
    return ThreadState.current().exit(library); // never negative, even after an unbalanced enter
  }

  /** The current depth of {@code library} on this thread. */
  public static int get(int library) {
    return ThreadState.current().depth(library);
  }
}
