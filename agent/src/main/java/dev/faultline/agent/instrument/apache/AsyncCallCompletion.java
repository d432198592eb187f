package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.OutboundCall;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.reflect.PublicMethod;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The end of one Apache async call (HttpClient 5 async or HttpAsyncClient 4): the handler of a {@code FutureCallback}
 * proxy (the library's own interface, which the agent does not compile against) passed to the library in place of
 * the application's. The call is recorded once, on the first of {@code completed} (status of the response, or of a
 * {@code Message}'s head: a 5xx is an error), {@code failed} (an error, its exception counted) or {@code cancelled}
 * (a call, not an error: the application chose to stop it); then the application's callback, if any, runs as it
 * would have, its exceptions unchanged.
 *
 * <p>One handler and one proxy per call: an async call allocates a future and callbacks anyway.
 */
final class AsyncCallCompletion implements InvocationHandler {

  /** HttpClient 5's {@code Message<HttpResponse, T>}, the result of its {@code BasicResponseConsumer}. */
  private static final PublicMethod GET_HEAD = PublicMethod.of("org.apache.hc.core5.http.Message", "getHead");

  private final IntervalRecorder recorder;
  private final String service;
  private final LibraryGuard guard;
  private final ApacheApi api;
  private final Object delegate;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile String hostPort;

  AsyncCallCompletion(IntervalRecorder recorder, String service, LibraryGuard guard, ApacheApi api, Object delegate,
      String hostPort, long startNanos) {
    this.recorder = recorder;
    this.service = service;
    this.guard = guard;
    this.api = api;
    this.delegate = delegate;
    this.hostPort = hostPort;
    this.startNanos = startNanos;
  }

  /** The flavour of the library's request and response types. */
  ApacheApi api() {
    return api;
  }

  String hostPort() {
    return hostPort;
  }

  void hostPort(String hostPort) {
    this.hostPort = hostPort;
  }

  @Override
  public Object invoke(Object proxy, Method called, Object[] args) throws Throwable {
    switch (called.getName()) {
      case "completed" -> completed(args[0]);
      case "failed" -> end(-1, null, args[0] instanceof Throwable t ? t : null);
      case "cancelled" -> end(-1, null, null);
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "equals" -> {
        return proxy == args[0];
      }
      case "toString" -> {
        return "faultline async call of " + delegate;
      }
      default -> { }
    }
    if (delegate == null) {
      return null;
    }
    try {
      return called.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause(); // the application's own exception, as if unwrapped
    }
  }

  private void completed(Object result) {
    if (ended.get()) {
      return;
    }
    try {
      Object response = GET_HEAD.available(result) ? GET_HEAD.invoke(result) : result;
      int status = api.isResponse(response) ? api.status(response) : 0; // 0: a consumer's own result type
      String peer = status > 0 ? api.header(response, Propagation.SERVICE_HEADER) : null;
      end(status, peer, null);
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  /** Records the call unless it already was; never throws. */
  private void end(int status, String peer, Throwable thrown) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      String target = hostPort;
      new OutboundCall(recorder, service, target == null ? "unknown" : target, startNanos)
          .end(status, peer, thrown, System.nanoTime());
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }
}
