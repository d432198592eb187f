package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code executeImmediate(HttpRequest, ...)} of {@code InternalAbstractHttpAsyncClient}, which
 * {@code doExecute} calls on the submitting thread with the request it is about to send: the propagation headers go
 * on it there. Later runs (retries on the library's threads) are outside {@code doExecute} and left alone.
 */
public final class ApacheAsyncRequestAdvice {

  private ApacheAsyncRequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object request) {
    if (CallDepth.get(CallDepth.APACHE_ASYNC_CLIENT) == 1) {
      Hooks.apacheAsyncClient().request(null, request);
    }
  }
}
