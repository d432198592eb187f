package dev.faultline.agent.instrument.okhttp;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.ClientHook;
import dev.faultline.agent.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code RealInterceptorChain.proceed(Request)}: JDK and bridge types only. The outermost call on a
 * thread is the whole call (application interceptors, retries, redirects, the network); its request is replaced by
 * a copy with the propagation headers.
 */
public final class OkHttpAdvice {

  private OkHttpAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    if (CallDepth.increment(CallDepth.OKHTTP) > 0) {
      return null;
    }
    ClientHook hook = Hooks.okHttp();
    Object scope = hook.enter(null, request);
    request = hook.request(scope, request);
    return scope;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object scope, @Advice.Return Object response,
      @Advice.Thrown Throwable thrown) {
    if (CallDepth.decrement(CallDepth.OKHTTP) > 0) {
      return;
    }
    Hooks.okHttp().exit(scope, response, thrown);
  }
}
