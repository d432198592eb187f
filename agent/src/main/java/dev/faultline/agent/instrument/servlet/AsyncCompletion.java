package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.ServerRequest;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The end of an async servlet request: an {@code AsyncListener} (a proxy of the container's own interface, which
 * the agent does not compile against) on the request's {@code AsyncContext}. The request is recorded when the
 * context completes, timed from the outermost {@code service}/{@code doFilter} entry; a timeout or an async error
 * makes it an error, and the error's throwable is counted as an exception of the endpoint.
 *
 * <p>One object and one proxy per async request: async requests allocate anyway (the container's context).
 */
final class AsyncCompletion implements InvocationHandler {

  private final ServletApi api;
  private final Object request;
  private final Object response;
  private final String method;
  private final IntervalRecorder recorder;
  private final ServerRequest timing;
  private final LibraryGuard guard;
  private volatile boolean failed;
  private volatile Throwable thrown;
  private volatile boolean ended;

  private AsyncCompletion(ServletApi api, Object request, Object response, String method,
      IntervalRecorder recorder, ServerRequest timing, LibraryGuard guard) {
    this.api = api;
    this.request = request;
    this.response = response;
    this.method = method;
    this.recorder = recorder;
    this.timing = timing;
    this.guard = guard;
  }

  /**
   * Adds a listener for {@code request}'s async context that records it on completion; false when the context
   * refuses it (already completed: the container's {@code IllegalStateException}).
   */
  static boolean register(ServletApi api, Object request, Object response, String method, IntervalRecorder recorder,
      ServerRequest timing, LibraryGuard guard) throws Throwable {
    Object context = api.getAsyncContext.invoke(request);
    Class<?> listenerType = api.asyncListenerType(context);
    AsyncCompletion completion = new AsyncCompletion(api, request, response, method, recorder, timing, guard);
    Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
        completion);
    try {
      api.addListener.invoke(context, listener);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  @Override
  public Object invoke(Object proxy, Method called, Object[] args) {
    switch (called.getName()) {
      case "onComplete" -> complete();
      case "onTimeout" -> failed = true;
      case "onError" -> {
        failed = true;
        thrown = eventThrowable(args);
      }
      case "onStartAsync" -> relisten(proxy, args); // a new async cycle drops the listeners: stay registered
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "equals" -> {
        return proxy == args[0];
      }
      case "toString" -> {
        return "faultline async completion";
      }
      default -> { }
    }
    return null;
  }

  private void complete() {
    if (ended) {
      return;
    }
    ended = true;
    try {
      boolean errorStatus = failed || api.getStatus.invokeInt(response) >= 500;
      timing.end(recorder.endpoint(method, api.route(request)), errorStatus, thrown, System.nanoTime());
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  private void relisten(Object proxy, Object[] args) {
    try {
      Object context = api.eventAsyncContext.invoke(args[0]);
      api.addListener.invoke(context, proxy);
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  private Throwable eventThrowable(Object[] args) {
    try {
      return (Throwable) api.eventThrowable.invoke(args[0]);
    } catch (Throwable t) {
      return null;
    }
  }
}
