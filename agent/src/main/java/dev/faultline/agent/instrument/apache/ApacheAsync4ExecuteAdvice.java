package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code execute(HttpAsyncRequestProducer, HttpAsyncResponseConsumer, HttpContext, FutureCallback)} of
 * HttpAsyncClient 4's {@code InternalHttpAsyncClient}: as {@link ApacheAsyncExecuteAdvice}, with the callback as
 * the fourth argument and no target.
 */
public final class ApacheAsync4ExecuteAdvice {

  private ApacheAsync4ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object client,
      @Advice.Argument(value = 3, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object callback) {
    if (CallDepth.increment(CallDepth.APACHE_ASYNC_CLIENT) > 0) {
      return;
    }
    callback = Hooks.apacheAsyncClient().enter(client, null, callback);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    if (CallDepth.decrement(CallDepth.APACHE_ASYNC_CLIENT) > 0) {
      return;
    }
    Hooks.apacheAsyncClient().exit();
  }
}
