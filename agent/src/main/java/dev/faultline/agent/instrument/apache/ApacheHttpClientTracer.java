package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.ClientHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.OutboundCall;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * The Apache HttpClient {@link ClientHook} the agent registers: adds the propagation headers to the request (keeping
 * an application's own {@code traceparent}) and records the call on its edge when {@code doExecute} returns.
 */
final class ApacheHttpClientTracer implements ClientHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;

  ApacheHttpClientTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
  }

  @Override
  public Object enter(Object target, Object request) {
    if (!guard.active()) {
      return null;
    }
    try {
      ApacheApi api = ApacheApi.of(request);
      if (api == null) {
        return null;
      }
      api.addPropagationHeaders(request, service);
      return new Scope(api, new OutboundCall(recorder, service, api.hostPort(target, request), System.nanoTime()));
    } catch (Throwable t) {
      guard.recordingFailed(t);
      return null;
    }
  }

  @Override
  public Object request(Object scope, Object request) {
    return request; // headers were set on it in place
  }

  @Override
  public void exit(Object scope, Object response, Throwable thrown) {
    if (!(scope instanceof Scope)) {
      return;
    }
    try {
      Scope call = (Scope) scope;
      int status = response == null ? -1 : call.api.status(response);
      String peer = response == null ? null : call.api.header(response, Propagation.SERVICE_HEADER);
      call.call.end(status, peer, thrown, System.nanoTime());
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  private record Scope(ApacheApi api, OutboundCall call) {}
}
