package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code doExecute(HttpHost, request, HttpContext)} of Apache HttpClient 4 and 5 (classic): JDK and
 * bridge types only. Logic lives in {@link ApacheHttpClientTracer}.
 */
public final class ApacheHttpClientAdvice {

  private ApacheHttpClientAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object target, @Advice.Argument(1) Object request) {
    if (CallDepth.increment(CallDepth.APACHE_HTTP_CLIENT) > 0) {
      return null;
    }
    return Hooks.apacheHttpClient().enter(target, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object scope, @Advice.Return Object response,
      @Advice.Thrown Throwable thrown) {
    if (CallDepth.decrement(CallDepth.APACHE_HTTP_CLIENT) > 0) {
      return;
    }
    Hooks.apacheHttpClient().exit(scope, response, thrown);
  }
}
