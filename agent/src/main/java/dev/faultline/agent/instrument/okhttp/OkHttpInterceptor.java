package dev.faultline.agent.instrument.okhttp;

import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.OutboundCall;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The agent's OkHttp application interceptor: sends a copy of the request with the propagation headers (an
 * application's own {@code traceparent} is kept) and records the call on its edge. A failure of the agent's part
 * sends the original request unmeasured; the application's own exceptions pass through unchanged.
 */
final class OkHttpInterceptor implements InvocationHandler {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;

  OkHttpInterceptor(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "intercept":
        return intercept(args[0]);
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "FaultlineOkHttpInterceptor";
    }
  }

  private Object intercept(Object chain) throws Throwable {
    Object request = OkHttpApi.chainRequest.invoke(chain);
    Object sent = request;
    OutboundCall call = null;
    if (guard.active()) {
      try {
        sent = withHeaders(request);
        Object url = OkHttpApi.url.invoke(request);
        call = new OutboundCall(recorder, service,
            (String) OkHttpApi.host.invoke(url) + ':' + OkHttpApi.port.invokeInt(url), System.nanoTime());
      } catch (Throwable t) {
        guard.recordingFailed(t);
        sent = request;
      }
    }
    Object response;
    try {
      response = OkHttpApi.proceed.invoke(chain, sent);
    } catch (Throwable t) {
      end(call, null, t);
      throw t;
    }
    end(call, response, null);
    return response;
  }

  private Object withHeaders(Object request) throws Throwable {
    Object builder = OkHttpApi.newBuilder.invoke(request);
    if (OkHttpApi.requestHeader.invoke(request, Propagation.TRACEPARENT) == null) {
      OkHttpApi.setHeader.invoke(builder, Propagation.TRACEPARENT, Propagation.traceparent(Propagation.outbound()));
    }
    OkHttpApi.setHeader.invoke(builder, Propagation.CALLER_HEADER, service);
    return OkHttpApi.build.invoke(builder);
  }

  private void end(OutboundCall call, Object response, Throwable thrown) {
    if (call == null) {
      return;
    }
    try {
      int status = response == null ? -1 : OkHttpApi.code.invokeInt(response);
      String peer = response == null ? null : (String) OkHttpApi.responseHeader.invoke(response,
          Propagation.SERVICE_HEADER);
      call.end(status, peer, thrown, System.nanoTime());
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }
}
