package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.ServerRequest;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * One JDK HttpServer request, from the outermost {@code doFilter} to its return: resolves the endpoint at the start
 * and reads the exchange's headers and status; timing, context and recording are {@link ServerRequest}'s. Reused
 * per thread; not thread-safe.
 *
 * <p>A request is an error when the handler threw or answered 5xx.
 */
final class HttpServerScope {

  private final IntervalRecorder recorder;
  private final ServerRequest request;
  private HttpExchange exchange;
  private EndpointStats endpoint;

  HttpServerScope(IntervalRecorder recorder, String service) {
    this.recorder = recorder;
    this.request = new ServerRequest(recorder, service);
  }

  void start(HttpExchange exchange, long nowNanos) {
    this.exchange = exchange;
    this.endpoint = recorder.endpoint(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
    // One pass over the names instead of two getFirst calls: Headers normalises the key it is given into a new
    // String on every call (JDK 17), an allocation per request although nearly no request carries these headers.
    Headers headers = exchange.getRequestHeaders();
    String caller = null;
    String traceparent = null;
    for (String name : headers.keySet()) {
      if (Propagation.CALLER_HEADER.equalsIgnoreCase(name)) {
        caller = headers.getFirst(name);
      } else if (Propagation.TRACEPARENT.equalsIgnoreCase(name)) {
        traceparent = headers.getFirst(name);
      }
    }
    if (request.start(caller, traceparent, true, nowNanos)) {
      exchange.getResponseHeaders().set(Propagation.SERVICE_HEADER, request.service());
    }
  }

  void end(Throwable thrown, long nowNanos) {
    try {
      request.end(endpoint, thrown == null && exchange.getResponseCode() >= 500, thrown, nowNanos);
    } finally {
      abandon();
    }
  }

  /** Restores the thread's context and drops the references to this request (after {@link #end}, or when
   * {@link #start} failed half-way). */
  void abandon() {
    request.close();
    exchange = null;
    endpoint = null;
  }
}
