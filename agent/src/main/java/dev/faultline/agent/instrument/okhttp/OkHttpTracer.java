package dev.faultline.agent.instrument.okhttp;

import dev.faultline.agent.bootstrap.ClientHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.OutboundCall;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * The OkHttp {@link ClientHook} the agent registers: the call's request is replaced by a copy with the propagation
 * headers (an application's own {@code traceparent} is kept), and the call is recorded on its edge when the
 * outermost {@code proceed} returns or throws. A failure of the agent's part sends the original request unmeasured.
 */
final class OkHttpTracer implements ClientHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;

  OkHttpTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
  }

  @Override
  public Object enter(Object target, Object request) {
    if (!guard.active() || request == null) {
      return null;
    }
    try {
      Object url = OkHttpApi.url.invoke(request);
      String hostPort = (String) OkHttpApi.host.invoke(url) + ':' + OkHttpApi.port.invokeInt(url);
      return new Scope(withHeaders(request), new OutboundCall(recorder, service, hostPort, System.nanoTime()));
    } catch (Throwable t) {
      guard.recordingFailed(t);
      return null;
    }
  }

  @Override
  public Object request(Object scope, Object request) {
    return scope instanceof Scope ? ((Scope) scope).sent : request;
  }

  @Override
  public void exit(Object scope, Object response, Throwable thrown) {
    if (!(scope instanceof Scope)) {
      return;
    }
    try {
      int status = response == null ? -1 : OkHttpApi.code.invokeInt(response);
      String peer = response == null ? null
          : (String) OkHttpApi.responseHeader.invoke(response, Propagation.SERVICE_HEADER);
      ((Scope) scope).call.end(status, peer, thrown, System.nanoTime());
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  private Object withHeaders(Object request) throws Throwable {
    Object builder = OkHttpApi.newBuilder.invoke(request);
    if (OkHttpApi.requestHeader.invoke(request, Propagation.TRACEPARENT) == null) {
      OkHttpApi.setHeader.invoke(builder, Propagation.TRACEPARENT, Propagation.traceparent(Propagation.outbound()));
    }
    OkHttpApi.setHeader.invoke(builder, Propagation.CALLER_HEADER, service);
    return OkHttpApi.build.invoke(builder);
  }

  private record Scope(Object sent, OutboundCall call) {}
}
