package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code prepare(HttpHost, HttpRequest, InternalState, AbstractClientExchangeHandler)} of HttpAsyncClient
 * 4's {@code MainClientExec}, which {@code execute} calls on the submitting thread with the target and the request
 * it is about to send: the propagation headers go on it there.
 */
public final class ApacheAsync4RequestAdvice {

  private ApacheAsync4RequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object target, @Advice.Argument(1) Object request) {
    if (CallDepth.get(CallDepth.APACHE_ASYNC_CLIENT) == 1) {
      Hooks.apacheAsyncClient().request(target, request);
    }
  }
}
