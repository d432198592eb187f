package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code setCurrentRequest(HttpRequestWrapper)} of HttpAsyncClient 4's
 * {@code AbstractClientExchangeHandler}, which the minimal client's exchange handler ({@code
 * MinimalClientExchangeHandlerImpl.start}, from {@code MinimalHttpAsyncClient.execute}) calls on the submitting
 * thread with the wrapper it will send: the propagation headers go on it there. On the full client's path the
 * headers were already set in {@code MainClientExec.prepare}, so the tracer ignores this second request.
 */
public final class ApacheMinimal4RequestAdvice {

  private ApacheMinimal4RequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object request) {
    if (CallDepth.get(CallDepth.APACHE_ASYNC_CLIENT) == 1) {
      Hooks.apacheAsyncClient().request(null, request);
    }
  }
}
