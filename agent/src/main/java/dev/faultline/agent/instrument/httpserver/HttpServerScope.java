package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeStats;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;

/**
 * One server request, from the outermost {@code doFilter} to its return: resolves the endpoint, takes the
 * propagated context (and, when a Faultline caller is named, the callee-side edge), and records on exit.
 * Reused per thread; not thread-safe.
 *
 * <p>A request is an error when the handler threw or answered 5xx.
 */
final class HttpServerScope {

  private final IntervalRecorder recorder;
  private final String service;
  private HttpExchange exchange;
  private EndpointStats endpoint;
  private EdgeStats calleeEdge;
  private TraceContext previous;
  private boolean attached;
  private long startNanos;

  HttpServerScope(IntervalRecorder recorder, String service) {
    this.recorder = recorder;
    this.service = service;
  }

  void start(HttpExchange exchange, long nowNanos) {
    this.exchange = exchange;
    this.startNanos = nowNanos;
    this.endpoint = recorder.endpoint(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
    Headers headers = exchange.getRequestHeaders();
    String caller = headers.isEmpty() ? null : headers.getFirst(Propagation.CALLER_HEADER);
    String traceparent = headers.isEmpty() ? null : headers.getFirst(Propagation.TRACEPARENT);
    this.calleeEdge = caller == null ? null : recorder.edge(caller, service, PeerKind.SERVICE, EdgeSide.CALLEE, "");
    if (caller != null) {
      exchange.getResponseHeaders().set(Propagation.SERVICE_HEADER, service);
    }
    this.previous = TraceContext.attach(Propagation.inbound(traceparent, caller));
    this.attached = true;
  }

  void end(Throwable thrown, long nowNanos) {
    try {
      long nanos = nowNanos - startNanos;
      boolean error = thrown != null || exchange.getResponseCode() >= 500;
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

  /**
   * Restores the thread's previous context and drops the references to this request (after {@link #end}, or
   * when {@link #start} failed half-way).
   */
  void abandon() {
    if (attached) {
      TraceContext.restore(previous);
      attached = false;
    }
    exchange = null;
    endpoint = null;
    calleeEdge = null;
    previous = null;
  }
}
