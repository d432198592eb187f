package dev.faultline.agent.bootstrap;

/**
 * Everything the agent keeps per thread, in one object behind one ThreadLocal: the call depth of each instrumented
 * library ({@link CallDepth}), the current {@link TraceContext}, and one slot per library for the agent's reusable
 * request scope (typed {@code Object}: the bridge cannot see the agent's classes).
 *
 * <p>Why one object: a {@code ThreadLocal.get} is a hash probe into the thread's map (a few ns each), and a JDK
 * server request used to make seven of them (depth on enter and exit of its two chains, the scope, the context on
 * attach and restore). The server advice now looks this object up once per advised call and hands it to the hook
 * and to its own exit.
 *
 * <p>Confined to its thread: never pass it to another one.
 */
public final class ThreadState {

  private static final ThreadLocal<ThreadState> CURRENT = new Current();

  private final int[] depths = new int[CallDepth.LIBRARIES];
  private final Object[] scopes = new Object[CallDepth.LIBRARIES];
  private TraceContext context;

  private ThreadState() {}

  /** This thread's state (created on the thread's first instrumented call). */
  public static ThreadState current() {
    return CURRENT.get();
  }

  /** Enters a call of {@code library} ({@link CallDepth} constants); returns the depth before: 0 is outermost. */
  public int enter(int library) {
    return depths[library]++;
  }

  /**
   * Leaves a call of {@code library}; returns the depth after: 0 when the outermost call ends, -1 for an exit
   * without its enter (the stored depth never goes below 0).
   */
  public int exit(int library) {
    int depth = depths[library] - 1;
    depths[library] = depth < 0 ? 0 : depth;
    return depth;
  }

  /** The current depth of {@code library}. */
  public int depth(int library) {
    return depths[library];
  }

  /** The agent's scope object for {@code library} on this thread, or null. */
  public Object scope(int library) {
    return scopes[library];
  }

  public void setScope(int library, Object scope) {
    scopes[library] = scope;
  }

  /** The propagated context of the request this thread serves, or null. */
  public TraceContext context() {
    return context;
  }

  /** Makes {@code next} current and returns the previous context (for {@link #restore}). */
  public TraceContext attach(TraceContext next) {
    TraceContext previous = context;
    context = next;
    return previous;
  }

  /** Restores the context {@link #attach} returned. */
  public void restore(TraceContext previous) {
    context = previous;
  }

  // A subclass rather than ThreadLocal.withInitial: no lambda (and no hidden class) in the bootstrap bridge.
  private static final class Current extends ThreadLocal<ThreadState> {
    @Override
    protected ThreadState initialValue() {
      return new ThreadState();
    }
  }
}
