package dev.faultline.agent.instrument;

import dev.faultline.agent.bootstrap.ThreadState;

/**
 * The part of a server tracer (JDK HttpServer, servlet) that keeps one reusable request {@link Scope} per serving
 * thread, in the thread's {@link ThreadState} slot of its library (no ThreadLocal of its own: the advice already
 * looked the state up). Reuse is safe because the call-depth guard admits one outermost request per thread, and it
 * keeps the request path allocation-free. A subclass starts the request in its hook's {@code enter} on
 * {@link #scopeOf}; the end, {@link #exit}, is the same for all. Every failure is counted by the guard, never thrown.
 *
 * @param <S> the library's scope
 */
public abstract class PerThreadServerTracer<S extends PerThreadServerTracer.Scope> {

  /** One request on one thread, reused for the thread's next request; not thread-safe. */
  public abstract static class Scope {

    private final PerThreadServerTracer<?> owner;

    protected Scope(PerThreadServerTracer<?> owner) {
      this.owner = owner;
    }

    /** Whether a request is in progress: started and not yet ended or abandoned. */
    protected abstract boolean started();

    /** Records the request and then {@link #abandon}s it. */
    protected abstract void end(Throwable thrown, long nowNanos) throws Throwable;

    /** Restores the thread's context and drops the references to the request (also when its start failed). */
    protected abstract void abandon();
  }

  protected final LibraryGuard guard;
  private final int slot;

  /** {@code slot}: the library's {@link dev.faultline.agent.bootstrap.CallDepth} constant. */
  protected PerThreadServerTracer(LibraryGuard guard, int slot) {
    this.guard = guard;
    this.slot = slot;
  }

  /** A new scope of this tracer, made on a thread's first request (or its first after another tracer's). */
  protected abstract S newScope();

  /** This thread's scope of this tracer: made on the thread's first request, or after another tracer's. */
  @SuppressWarnings("unchecked") // a scope this tracer owns is one its newScope() made
  protected final S scopeOf(ThreadState thread) {
    Object slotted = thread.scope(slot);
    if (slotted instanceof Scope && ((Scope) slotted).owner == this) {
      return (S) slotted;
    }
    S scope = newScope();
    thread.setScope(slot, scope);
    return scope;
  }

  /** Ends this thread's request if one was started; the outermost call's exit advice calls it. */
  public final void exit(ThreadState thread, Throwable thrown) {
    Object scope = thread.scope(slot);
    if (scope instanceof Scope && ((Scope) scope).started()) {
      try {
        ((Scope) scope).end(thrown, System.nanoTime());
      } catch (Throwable t) {
        guard.recordingFailed(t);
      }
    }
  }
}
