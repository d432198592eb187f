package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.bootstrap.ThreadState;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpServlet.service(ServletRequest, ServletResponse)} of either Servlet API flavour: JDK and
 * bridge types only (the request and response stay {@code Object}). Logic lives in {@link ServletTracer}. Like
 * the JDK HttpServer advice, enter looks the thread's {@link ThreadState} up once and hands it to exit.
 */
public final class ServletAdvice {

  private ServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ThreadState enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    ThreadState thread = ThreadState.current();
    if (thread.enter(CallDepth.SERVLET) == 0) {
      Hooks.servlet().enter(thread, request, response);
    }
    return thread;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ThreadState entered, @Advice.Thrown Throwable thrown) {
    // Null only when enter threw after counting the call (a failing hook): the depth must still go back down.
    ThreadState thread = entered != null ? entered : ThreadState.current();
    if (thread.exit(CallDepth.SERVLET) == 0) {
      Hooks.servlet().exit(thread, thrown);
    }
  }
}
