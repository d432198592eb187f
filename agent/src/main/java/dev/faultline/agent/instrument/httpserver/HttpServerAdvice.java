package dev.faultline.agent.instrument.httpserver;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Filter$Chain.doFilter}: may reference only JDK and bridge types. Logic lives in
 * {@link HttpServerTracer}; exceptions of the advice itself are suppressed, never reaching the application.
 */
public final class HttpServerAdvice {

  private HttpServerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object exchange) {
    if (CallDepth.increment(CallDepth.HTTP_SERVER) > 0) {
      return null;
    }
    return Hooks.httpServer().enter(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable thrown) {
    if (CallDepth.decrement(CallDepth.HTTP_SERVER) > 0) {
      return;
    }
    Hooks.httpServer().exit(scope, thrown);
  }
}
