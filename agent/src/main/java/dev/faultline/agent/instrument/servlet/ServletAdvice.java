package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpServlet.service(ServletRequest, ServletResponse)} of either Servlet API flavour: JDK and
 * bridge types only (the request and response stay {@code Object}). Logic lives in {@link ServletTracer}.
 */
public final class ServletAdvice {

  private ServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    if (CallDepth.increment(CallDepth.SERVLET) > 0) {
      return null;
    }
    return Hooks.servlet().enter(request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable thrown) {
    if (CallDepth.decrement(CallDepth.SERVLET) > 0) {
      return;
    }
    Hooks.servlet().exit(scope, thrown);
  }
}
