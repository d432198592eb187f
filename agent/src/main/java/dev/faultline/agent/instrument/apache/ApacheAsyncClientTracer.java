package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.AsyncClientHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.lang.reflect.Proxy;

/**
 * The Apache HttpClient 5 async {@link AsyncClientHook} the agent registers: at submit, the application's
 * {@code FutureCallback} is replaced by a proxy of that interface ({@link AsyncCallCompletion}) that records the
 * call on its edge when it ends; the request the submit is about to send gets the propagation headers (an
 * application's own {@code traceparent} is kept). A failure of the agent's part leaves the call unmeasured.
 */
final class ApacheAsyncClientTracer implements AsyncClientHook {

  private static final String FUTURE_CALLBACK = "org.apache.hc.core5.concurrent.FutureCallback";

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;
  /** The call being submitted on this thread, between {@link #enter} and its request. */
  private final ThreadLocal<AsyncCallCompletion> submitting = new ThreadLocal<>();
  /** Per client class: the {@code FutureCallback} interface of its loader, as the proxy's interface array. */
  private final ClassValue<Class<?>[]> callbackTypes = new ClassValue<>() {
    @Override
    protected Class<?>[] computeValue(Class<?> client) {
      try {
        return new Class<?>[] {Class.forName(FUTURE_CALLBACK, false, client.getClassLoader())};
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }
  };

  ApacheAsyncClientTracer(IntervalRecorder recorder, LibraryGuard guard, String service) {
    this.recorder = recorder;
    this.guard = guard;
    this.service = service;
  }

  @Override
  public Object enter(Object client, Object target, Object callback) {
    if (!guard.active() || client == null) {
      return callback;
    }
    try {
      Class<?>[] types = callbackTypes.get(client.getClass());
      if (types == null || (callback != null && !types[0].isInstance(callback))) {
        return callback;
      }
      String hostPort = target == null ? null : ApacheApi.V5.hostPort(target, null);
      AsyncCallCompletion completion =
          new AsyncCallCompletion(recorder, service, guard, callback, hostPort, System.nanoTime());
      Object proxy = Proxy.newProxyInstance(types[0].getClassLoader(), types, completion);
      submitting.set(completion);
      return proxy;
    } catch (Throwable t) {
      guard.recordingFailed(t);
      return callback;
    }
  }

  @Override
  public void request(Object request) {
    AsyncCallCompletion completion = submitting.get();
    if (completion == null) {
      return;
    }
    submitting.set(null); // the first request of the submit only
    try {
      ApacheApi api = ApacheApi.V5;
      if (!api.setHeader.available(request)) {
        return;
      }
      if (!(Boolean) api.containsHeader.invoke(request, Propagation.TRACEPARENT)) {
        api.setHeader.invoke(request, Propagation.TRACEPARENT, Propagation.traceparent(Propagation.outbound()));
      }
      api.setHeader.invoke(request, Propagation.CALLER_HEADER, service);
      if (completion.hostPort() == null) {
        completion.hostPort(api.hostPort(null, request));
      }
    } catch (Throwable t) {
      guard.recordingFailed(t);
    }
  }

  @Override
  public void exit() {
    if (submitting.get() != null) {
      submitting.set(null);
    }
  }
}
