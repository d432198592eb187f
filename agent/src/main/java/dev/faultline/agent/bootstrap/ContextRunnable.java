package dev.faultline.agent.bootstrap;

/**
 * Carries the submitting thread's {@link TraceContext} into a task run by an executor: the executor advice wraps
 * a submitted Runnable only when a context is current (so tasks submitted outside a request are not touched) and
 * only while the {@code executor} instrumentation is enabled.
 *
 * <pre>{@code
 * task = ContextRunnable.wrap(task);   // in ThreadPoolExecutor.execute(Runnable), before the body runs
 * }</pre>
 */
public final class ContextRunnable implements Runnable {

  private static volatile boolean enabled;

  private final Runnable delegate;
  private final TraceContext context;

  private ContextRunnable(Runnable delegate, TraceContext context) {
    this.delegate = delegate;
    this.context = context;
  }

  /** Turns wrapping on or off (the executor library's kill switch). */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** {@code task}, wrapped when wrapping is enabled and this thread has a context; never wraps twice. */
  public static Runnable wrap(Runnable task) {
    if (!enabled || task == null || task instanceof ContextRunnable) {
      return task;
    }
    TraceContext context = TraceContext.current();
    return context == null ? task : new ContextRunnable(task, context);
  }

  @Override
  public void run() {
    // One ThreadLocal lookup for attach and restore: the task runs on this thread from start to end.
    ThreadState state = ThreadState.current();
    TraceContext previous = state.attach(context);
    try {
      delegate.run();
    } finally {
      state.restore(previous);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
