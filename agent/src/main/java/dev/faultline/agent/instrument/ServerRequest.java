package dev.faultline.agent.instrument;

import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeStats;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.InFlightGauge;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;

/**
 * The library-independent part of one inbound request, shared by the JDK HttpServer and servlet instrumentations
 * (Netty's requests do not run inside one call on one thread; its tracer keeps a queue per connection): start time,
 * the requests-in-flight count ({@link InFlightGauge}), the callee-side edge when a Faultline caller is named, the
 * propagated trace context (attached to the serving thread and restored afterwards), and the recording at the end.
 *
 * <pre>{@code
 * boolean named = request.start(thread, callerHeader, traceparentHeader, System.nanoTime());
 * if (named) response.setHeader(Propagation.SERVICE_HEADER, service);
 * ...
 * request.end(recorder.endpoint(method, route), status >= 500, thrown, System.nanoTime());  // also restores
 * }</pre>
 *
 * <p>Thread-confined and reusable (the per-thread scopes keep one each, so that a request allocates nothing here);
 * {@link #handOff} copies a request whose end comes on another thread (an async servlet).
 */
public final class ServerRequest {

  private final IntervalRecorder recorder;
  private final InFlightGauge inFlightGauge;
  private final String service;
  private EdgeStats calleeEdge;
  private TraceContext previous;
  private ThreadState attachedTo;
  private long startNanos;
  private boolean inFlight; // counted in the recorder's in-flight gauge, until end, close or handOff

  public ServerRequest(IntervalRecorder recorder, String service) {
    this.recorder = recorder;
    this.inFlightGauge = recorder.inFlight();
    this.service = service;
  }

  /**
   * Starts the request; {@code caller} and {@code traceparent} are the propagation headers (null when absent).
   * With a {@code thread} (the serving thread's state, which the advice already holds) the propagated context
   * becomes that thread's until {@link #end} or {@link #close}; null leaves every thread's context alone.
   * Returns whether a Faultline caller is named, so the library answers {@link Propagation#SERVICE_HEADER}.
   */
  public boolean start(ThreadState thread, String caller, String traceparent, long nowNanos) {
    startNanos = nowNanos;
    inFlightGauge.enter(nowNanos);
    inFlight = true;
    calleeEdge = caller == null ? null : recorder.edge(caller, service, PeerKind.SERVICE, EdgeSide.CALLEE, "");
    if (thread != null) {
      previous = thread.attach(Propagation.inbound(traceparent, caller));
      attachedTo = thread;
    }
    return caller != null;
  }

  /** The service name to answer in {@link Propagation#SERVICE_HEADER}. */
  public String service() {
    return service;
  }

  /**
   * Records the request on {@code endpoint} (and the callee edge): an error when {@code errorStatus} or when
   * {@code thrown} is not null, which is also counted as an exception of the endpoint. Then {@link #close}s.
   */
  public void end(EndpointStats endpoint, boolean errorStatus, Throwable thrown, long nowNanos) {
    try {
      leave(nowNanos);
      long nanos = nowNanos - startNanos;
      boolean error = errorStatus || thrown != null;
      endpoint.record(nanos, error);
      if (calleeEdge != null) {
        calleeEdge.record(nanos, error);
      }
      if (thrown != null) {
        recorder.exception(thrown, endpoint.name());
      }
    } finally {
      close();
    }
  }

  /**
   * A copy that ends on another thread (start time and callee edge, no context), while this one is closed: the
   * thread's context is restored now, as the serving call returns. Allocates; for async requests only.
   */
  public ServerRequest handOff() {
    ServerRequest copy = new ServerRequest(recorder, service);
    copy.startNanos = startNanos;
    copy.calleeEdge = calleeEdge;
    copy.inFlight = inFlight; // still in flight until the copy ends
    inFlight = false;
    close();
    return copy;
  }

  /**
   * Restores the thread's previous context and drops the references to this request (idempotent); a request
   * closed without {@link #end} (its start failed half-way) leaves the in-flight count too.
   */
  public void close() {
    if (inFlight) {
      leave(System.nanoTime());
    }
    if (attachedTo != null) {
      attachedTo.restore(previous);
      attachedTo = null;
    }
    calleeEdge = null;
    previous = null;
  }

  private void leave(long nowNanos) {
    if (inFlight) {
      inFlight = false;
      inFlightGauge.exit(nowNanos);
    }
  }
}
