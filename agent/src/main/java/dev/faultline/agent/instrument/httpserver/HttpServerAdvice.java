package dev.faultline.agent.instrument.httpserver;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.bootstrap.ThreadState;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Filter$Chain.doFilter}: may reference only JDK and bridge types. Logic lives in
 * {@link HttpServerTracer}; exceptions of the advice itself are suppressed, never reaching the application.
 *
 * <p>Enter looks the thread's {@link ThreadState} up once and returns it, so exit (and the hook) reuse it: every
 * JDK HttpServer request passes two nested chains, and neither pays a second ThreadLocal lookup.
 */
public final class HttpServerAdvice {

  private HttpServerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ThreadState enter(@Advice.Argument(0) Object exchange) {
    ThreadState thread = ThreadState.current();
    if (thread.enter(CallDepth.HTTP_SERVER) == 0) {
      Hooks.httpServer().enter(thread, exchange);
    }
    return thread;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ThreadState entered, @Advice.Thrown Throwable thrown) {
    // Null only when enter threw after counting the call (a failing hook): the depth must still go back down.
    ThreadState thread = entered != null ? entered : ThreadState.current();
    if (thread.exit(CallDepth.HTTP_SERVER) == 0) {
      Hooks.httpServer().exit(thread, thrown);
    }
  }
}
