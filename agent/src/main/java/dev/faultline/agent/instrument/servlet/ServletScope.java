package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeStats;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;

/**
 * One servlet request, from the outermost {@code service} to its return: takes the propagated context (and, when
 * a Faultline caller is named, the callee-side edge) at the start, and resolves the endpoint at the end, when the
 * framework has put its route template on the request. Reused per thread; not thread-safe.
 *
 * <p>A request is an error when the servlet threw or the response status is 5xx.
 */
final class ServletScope {

  private final IntervalRecorder recorder;
  private final String service;
  private ServletApi api;
  private Object request;
  private Object response;
  private String method;
  private EdgeStats calleeEdge;
  private TraceContext previous;
  private boolean attached;
  private long startNanos;

  ServletScope(IntervalRecorder recorder, String service) {
    this.recorder = recorder;
    this.service = service;
  }

  void start(ServletApi api, Object request, Object response, long nowNanos) throws Throwable {
    this.api = api;
    this.request = request;
    this.response = response;
    this.startNanos = nowNanos;
    this.method = (String) api.getMethod.invoke(request);
    String caller = (String) api.getHeader.invoke(request, Propagation.CALLER_HEADER);
    String traceparent = (String) api.getHeader.invoke(request, Propagation.TRACEPARENT);
    if (caller != null) {
      calleeEdge = recorder.edge(caller, service, PeerKind.SERVICE, EdgeSide.CALLEE, "");
      api.setHeader.invoke(response, Propagation.SERVICE_HEADER, service);
    }
    previous = TraceContext.attach(Propagation.inbound(traceparent, caller));
    attached = true;
  }

  void end(Throwable thrown, long nowNanos) throws Throwable {
    try {
      long nanos = nowNanos - startNanos;
      boolean error = thrown != null || api.getStatus.invokeInt(response) >= 500;
      EndpointStats endpoint = recorder.endpoint(method, api.route(request));
      endpoint.record(nanos, error);
      if (calleeEdge != null) {
        calleeEdge.record(nanos, error);
      }
      if (thrown != null) {
        recorder.exception(thrown, endpoint.name());
      }
    } finally {
      abandon();
    }
  }

  /** Restores the thread's previous context and drops the references to this request. */
  void abandon() {
    if (attached) {
      TraceContext.restore(previous);
      attached = false;
    }
    api = null;
    request = null;
    response = null;
    method = null;
    calleeEdge = null;
    previous = null;
  }
}
