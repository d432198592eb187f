package dev.faultline.agent.instrument.urlconnection;

import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.bootstrap.UrlConnectionHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@link UrlConnectionHook} the agent registers. A call spans several methods of one connection, so its
 * start time lives in a weak map keyed by the connection (the JDK class cannot get a field without a class-format
 * change). The callee is the service named by the response's {@code x-faultline-service} header, else
 * {@code host:port}.
 */
final class UrlConnectionTracer implements UrlConnectionHook {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;
  private final Map<Object, UrlConnectionScope> calls = Collections.synchronizedMap(new WeakHashMap<>());

  UrlConnectionTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
  }

  @Override
  public void enter(Object connection, boolean connected) {
    if (!guard.active() || !(connection instanceof HttpURLConnection) || calls.containsKey(connection)) {
      return;
    }
    try {
      calls.put(connection, new UrlConnectionScope(System.nanoTime()));
      if (!connected) {
        HttpURLConnection http = (HttpURLConnection) connection;
        TraceContext context = Propagation.outbound();
        if (http.getRequestProperty(Propagation.TRACEPARENT) == null) { // keep the application's own
          http.setRequestProperty(Propagation.TRACEPARENT, Propagation.traceparent(context));
        }
        http.setRequestProperty(Propagation.CALLER_HEADER, service);
      }
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  @Override
  public void exit(Object connection, int responseCode, Throwable thrown, boolean responseRead) {
    if (!responseRead && thrown == null) {
      return; // connected or got the output stream: the call goes on
    }
    UrlConnectionScope call = calls.get(connection);
    if (call == null || call.done) {
      return;
    }
    call.done = true;
    try {
      long nanos = System.nanoTime() - call.startNanos;
      HttpURLConnection http = (HttpURLConnection) connection;
      String peerService = responseCode > 0 ? http.getHeaderField(Propagation.SERVICE_HEADER) : null;
      String callee = peerService != null ? peerService : hostPort(http.getURL());
      PeerKind kind = peerService != null ? PeerKind.SERVICE : PeerKind.EXTERNAL;
      boolean error = responseCode >= 500 || (thrown != null && responseCode < 0);
      recorder.edge(service, callee, kind, EdgeSide.CALLER, "").record(nanos, error);
      if (thrown != null && responseCode < 0) {
        recorder.exception(thrown, callee);
      }
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  /** {@code host:port}, the port defaulted from the scheme. Visible for testing. */
  static String hostPort(URL url) {
    int port = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
    return url.getHost() + ':' + port;
  }

  /** One call of one connection; {@code done} once recorded (later getInputStream calls are ignored). */
  static final class UrlConnectionScope {
    final long startNanos;
    volatile boolean done;

    UrlConnectionScope(long startNanos) {
      this.startNanos = startNanos;
    }
  }
}
