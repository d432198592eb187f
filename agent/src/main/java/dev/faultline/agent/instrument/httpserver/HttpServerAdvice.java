package dev.faultline.agent.instrument.httpserver;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.bootstrap.ThreadState;
import java.util.ListIterator;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Filter$Chain.doFilter}: may reference only JDK and bridge types. Logic lives in
 * {@link HttpServerTracer}; exceptions of the advice itself are suppressed, never reaching the application.
 *
 * <p>A JDK HttpServer request enters {@code doFilter} once per filter plus once: the user filters' chain, then the
 * system chain (which always holds the server's {@code AuthFilter}), each re-entered by every filter that passes
 * the request on. A re-entry is recognised without any lookup: the chain's own filter iterator has moved past its
 * first filter ({@code nextIndex() > 0}), which only a filter of this very chain does, inside the chain's first
 * call. Only a chain's first call looks the thread's {@link ThreadState} up (once, passed to the hook and to the
 * exit), and the depth guard picks the outermost of those: a request without user filters makes two lookups,
 * not three, and each user filter adds none.
 */
public final class HttpServerAdvice {

  private HttpServerAdvice() {}

  /** Returns the thread's state when this call counted itself in the depth, null for a chain's re-entry. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ThreadState enter(@Advice.Argument(0) Object exchange,
      @Advice.FieldValue("iter") ListIterator<?> filters) {
    if (filters.nextIndex() > 0) {
      return null;
    }
    ThreadState thread = ThreadState.current();
    if (thread.enter(CallDepth.HTTP_SERVER) == 0) {
      try {
        Hooks.httpServer().enter(thread, exchange);
      } catch (Throwable t) {
        // Never thrown by the agent's hook (it catches its own failures); here so that a counted call always
        // returns its state, and its exit always takes the depth back down.
      }
    }
    return thread;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ThreadState entered, @Advice.Thrown Throwable thrown) {
    if (entered != null && entered.exit(CallDepth.HTTP_SERVER) == 0) {
      Hooks.httpServer().exit(entered, thrown);
    }
  }
}
