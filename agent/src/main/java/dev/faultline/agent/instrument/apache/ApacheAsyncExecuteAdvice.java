package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code doExecute(HttpHost, AsyncRequestProducer, AsyncResponseConsumer, HandlerFactory, HttpContext,
 * FutureCallback)} of Apache HttpClient 5's {@code InternalAbstractHttpAsyncClient}: JDK and bridge types only. The
 * callback (null when the application only keeps the future) is replaced by one that records the call when it
 * completes, fails or is cancelled. Logic lives in {@link ApacheAsyncClientTracer}.
 */
public final class ApacheAsyncExecuteAdvice {

  private ApacheAsyncExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object client, @Advice.Argument(0) Object target,
      @Advice.Argument(value = 5, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object callback) {
    if (CallDepth.increment(CallDepth.APACHE_ASYNC_CLIENT) > 0) {
      return;
    }
    callback = Hooks.apacheAsyncClient().enter(client, target, callback);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    if (CallDepth.decrement(CallDepth.APACHE_ASYNC_CLIENT) > 0) {
      return;
    }
    Hooks.apacheAsyncClient().exit();
  }
}
