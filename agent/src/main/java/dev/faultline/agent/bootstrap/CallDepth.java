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
 * <p>An {@code int[]} per thread rather than one ThreadLocal per library: one lookup, no boxing, no allocation
 * after the thread's first instrumented call.
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
  private static final int LIBRARIES = 9;

  private static final ThreadLocal<int[]> DEPTHS = new Depths();

  private CallDepth() {}

  /** Increments the depth of {@code library} on this thread and returns the depth before the increment. */
  public static int increment(int library) {
    return DEPTHS.get()[library]++;
  }

  /** Decrements the depth of {@code library} on this thread and returns the depth after the decrement. */
  public static int decrement(int library) {
    int[] depths = DEPTHS.get();
    int depth = depths[library] - 1;
    depths[library] = depth < 0 ? 0 : depth;   // never negative, even after an unbalanced enter
    return depth;
  }

  /** The current depth of {@code library} on this thread. */
  public static int get(int library) {
    return DEPTHS.get()[library];
  }

  // A subclass rather than ThreadLocal.withInitial: no lambda (and no hidden class) in the bootstrap bridge.
  private static final class Depths extends ThreadLocal<int[]> {
    @Override
    protected int[] initialValue() {
      return new int[LIBRARIES];
    }
  }
}
