package dev.faultline.agent.instrument;

import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;

/**
 * One outbound HTTP call of a client library, as the caller sees it: recorded on the edge to the service that
 * answered with {@code x-faultline-service}, else to {@code host:port} (an external peer).
 *
 * <pre>{@code
 * OutboundCall call = new OutboundCall(recorder, "checkout", "payments.local:8080", System.nanoTime());
 * call.end(response.status, response.header("x-faultline-service"), null, System.nanoTime());
 * }</pre>
 *
 * <p>An error is a 5xx answer or an exception without an answer (status below 0).
 */
public final class OutboundCall {

  private final IntervalRecorder recorder;
  private final String service;
  private final String hostPort;
  private final long startNanos;

  public OutboundCall(IntervalRecorder recorder, String service, String hostPort, long startNanos) {
    this.recorder = recorder;
    this.service = service;
    this.hostPort = hostPort;
    this.startNanos = startNanos;
  }

  /** Records the call; {@code status} is -1 when there was no answer, {@code peerService} may be null. */
  public void end(int status, String peerService, Throwable thrown, long nowNanos) {
    String callee = peerService != null && !peerService.isEmpty() ? peerService : hostPort;
    PeerKind kind = callee == peerService ? PeerKind.SERVICE : PeerKind.EXTERNAL;
    boolean error = status >= 500 || (thrown != null && status < 0);
    recorder.edge(service, callee, kind, EdgeSide.CALLER, "").record(nowNanos - startNanos, error);
    if (thrown != null && status < 0) {
      recorder.exception(thrown, callee);
    }
  }

  /** {@code host:port}, the port defaulted from the scheme when below 0. */
  public static String hostPort(String host, int port, String scheme) {
    int resolved = port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    return host + ':' + resolved;
  }
}
