package dev.faultline.agent.instrument.httpclient;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.HttpClientHook;
import dev.faultline.agent.bootstrap.Hooks;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code HttpClientImpl.sendAsync}: JDK and bridge types only. */
public final class HttpClientAdvice {

  private HttpClientAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) HttpRequest request) {
    if (CallDepth.increment(CallDepth.HTTP_CLIENT) > 0) {
      return null;
    }
    HttpClientHook hook = Hooks.httpClient();
    Object scope = hook.enter(request);
    request = (HttpRequest) hook.request(scope, request);
    return scope;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object scope, @Advice.Return Object future,
      @Advice.Thrown Throwable thrown) {
    if (CallDepth.decrement(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Hooks.httpClient().exit(scope, future, thrown);
  }
}
