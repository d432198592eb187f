package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.instrument.PerThreadServerTracer;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.ServerRequest;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.util.List;
import java.util.Map;

/**
 * One JDK HttpServer request, from the outermost {@code doFilter} to its return: resolves the endpoint at the start
 * and reads the exchange's headers and status; timing, context and recording are {@link ServerRequest}'s. Reused
 * per thread (kept in the thread's {@link ThreadState} slot); not thread-safe.
 *
 * <p>A request is an error when the handler threw or answered 5xx.
 */
final class HttpServerScope extends PerThreadServerTracer.Scope {

  private final IntervalRecorder recorder;
  private final ServerRequest request;
  private final boolean serviceIsHeaderSafe;
  private HttpExchange exchange;
  private EndpointStats endpoint;

  HttpServerScope(HttpServerTracer owner, IntervalRecorder recorder, String service) {
    super(owner);
    this.recorder = recorder;
    this.request = new ServerRequest(recorder, service);
    this.serviceIsHeaderSafe = service.indexOf('\r') < 0 && service.indexOf('\n') < 0;
  }

  @Override
  protected boolean started() {
    return exchange != null;
  }

  void start(ThreadState thread, HttpExchange exchange, long nowNanos) {
    this.exchange = exchange;
    this.endpoint = recorder.endpoint(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
    Headers headers = exchange.getRequestHeaders();
    Map<String, List<String>> map = RequestHeaderMaps.of(headers);
    String caller;
    String traceparent;
    if (map != null) {
      caller = RequestHeaderMaps.first(map, RequestHeaderMaps.CALLER_KEY);
      traceparent = RequestHeaderMaps.first(map, RequestHeaderMaps.TRACEPARENT_KEY);
    } else {
      // One pass over the names instead of two getFirst calls: Headers normalises the key it is given into a new
      // String on every call, an allocation per request although nearly no request carries these headers.
      caller = null;
      traceparent = null;
      for (String name : headers.keySet()) {
        if (Propagation.CALLER_HEADER.equalsIgnoreCase(name)) {
          caller = headers.getFirst(name);
        } else if (Propagation.TRACEPARENT.equalsIgnoreCase(name)) {
          traceparent = headers.getFirst(name);
        }
      }
    }
    if (request.start(thread, caller, traceparent, nowNanos)) {
      if (serviceIsHeaderSafe) {
        RequestHeaderMaps.set(exchange.getResponseHeaders(), RequestHeaderMaps.SERVICE_KEY, request.service());
      } else {
        exchange.getResponseHeaders().set(Propagation.SERVICE_HEADER, request.service()); // let the JDK reject it
      }
    }
  }

  @Override
  protected void end(Throwable thrown, long nowNanos) {
    try {
      request.end(endpoint, thrown == null && exchange.getResponseCode() >= 500, thrown, nowNanos);
    } finally {
      abandon();
    }
  }

  /** Restores the thread's context and drops the references to this request (after {@link #end}, or when
   * {@link #start} failed half-way). */
  @Override
  protected void abandon() {
    request.close();
    exchange = null;
    endpoint = null;
  }
}
