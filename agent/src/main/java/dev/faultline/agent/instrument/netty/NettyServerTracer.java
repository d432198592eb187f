package dev.faultline.agent.instrument.netty;

import dev.faultline.agent.bootstrap.NettyServerHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeStats;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The Netty {@link NettyServerHook} the agent registers. HTTP/1.1 answers in request order, so each connection's
 * codec keeps a FIFO of its requests in flight (a weak map: a closed connection's codec is collected with its
 * queue). A request ends when the head of its response is encoded (latency to the response head; a streamed body
 * is not waited for) and is an error when the status is 5xx. Informational (1xx) heads other than 101 end nothing.
 *
 * <p>The trace context is not attached to the event-loop thread (the handlers of a request do not run inside one
 * call); the caller named by {@code x-faultline-caller} still gets its callee-side edge and the response names
 * this service.
 */
final class NettyServerTracer implements NettyServerHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;
  private final Map<Object, ArrayDeque<InFlight>> connections = Collections.synchronizedMap(new WeakHashMap<>());

  NettyServerTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
  }

  @Override
  public void decoded(Object codec, List<?> out, int from) {
    if (!guard.active()) {
      return;
    }
    try {
      for (int i = from; i < out.size(); i++) {
        Object message = out.get(i);
        if (NettyApi.method.available(message)) {
          connections.computeIfAbsent(codec, c -> new ArrayDeque<>()).add(start(message));
        }
      }
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  @Override
  public void responding(Object codec, Object response) {
    try {
      int status = NettyApi.code.invokeInt(NettyApi.status.invoke(response));
      if (status >= 100 && status < 200 && status != 101) {
        return;
      }
      ArrayDeque<InFlight> queue = connections.get(codec);
      InFlight request = queue == null ? null : queue.poll();
      if (request == null) {
        return;
      }
      long nanos = System.nanoTime() - request.startNanos;
      boolean error = status >= 500;
      request.endpoint.record(nanos, error);
      if (request.calleeEdge != null) {
        request.calleeEdge.record(nanos, error);
        NettyApi.setHeader.invoke(NettyApi.headers.invoke(response), Propagation.SERVICE_HEADER, service);
      }
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  private InFlight start(Object request) throws Throwable {
    long startNanos = System.nanoTime();
    String method = (String) NettyApi.methodName.invoke(NettyApi.method.invoke(request));
    EndpointStats endpoint = recorder.endpoint(method, path((String) NettyApi.uri.invoke(request)));
    String caller = (String) NettyApi.getHeader.invoke(NettyApi.headers.invoke(request), Propagation.CALLER_HEADER);
    EdgeStats calleeEdge = caller == null ? null : recorder.edge(caller, service, PeerKind.SERVICE, EdgeSide.CALLEE, "");
    return new InFlight(endpoint, calleeEdge, startNanos);
  }

  /** The path of a request target: {@code /a/b?q} and {@code http://host/a/b} give {@code /a/b}. Visible for testing. */
  static String path(String uri) {
    if (uri == null || uri.isEmpty()) {
      return "/";
    }
    int start = 0;
    int scheme = uri.indexOf("://");
    if (scheme > 0 && uri.charAt(0) != '/') {
      int slash = uri.indexOf('/', scheme + 3);
      start = slash < 0 ? uri.length() : slash;
    }
    int end = uri.length();
    for (int i = start; i < end; i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
      }
    }
    return start >= end ? "/" : uri.substring(start, end);
  }

  private record InFlight(EndpointStats endpoint, EdgeStats calleeEdge, long startNanos) {}
}
