package dev.faultline.agent.instrument.okhttp;

import dev.faultline.agent.bootstrap.ClientHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * The OkHttp {@link ClientHook} the agent registers: {@link #enter} receives an {@code OkHttpClient.Builder} about
 * to become a client and appends the agent's interceptor to it, once (a builder made from a client by
 * {@code newBuilder()} already has it). The interceptor is a {@link Proxy} of {@code okhttp3.Interceptor} in the
 * application's class loader, handled by {@link OkHttpInterceptor}.
 */
final class OkHttpTracer implements ClientHook {

  private final LibraryGuard guard;
  private final OkHttpInterceptor handler;

  OkHttpTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.guard = guard;
    this.handler = new OkHttpInterceptor(recorder, guard, service);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object enter(Object builder, Object unused) {
    if (!guard.active() || builder == null) {
      return null;
    }
    try {
      List<Object> interceptors = (List<Object>) OkHttpApi.interceptors.invoke(builder);
      for (Object interceptor : interceptors) {
        if (Proxy.isProxyClass(interceptor.getClass()) && Proxy.getInvocationHandler(interceptor) == handler) {
          return null;
        }
      }
      ClassLoader loader = builder.getClass().getClassLoader();
      Class<?> type = Class.forName(OkHttpApi.INTERCEPTOR, false, loader);
      interceptors.add(Proxy.newProxyInstance(loader, new Class<?>[] {type}, handler));
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
    return null;
  }

  @Override
  public void exit(Object scope, Object response, Throwable thrown) {}
}
