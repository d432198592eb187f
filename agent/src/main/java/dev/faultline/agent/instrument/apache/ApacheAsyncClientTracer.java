package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.bootstrap.AsyncClientHook;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;

/**
 * The Apache async {@link AsyncClientHook} the agent registers (HttpClient 5 async and HttpAsyncClient 4, told apart
 * by the client's package): at submit, the application's
 * {@code FutureCallback} is replaced by a proxy of that interface ({@link AsyncCallCompletion}) that records the
 * call on its edge when it ends; the request the submit is about to send gets the propagation headers (an
 * application's own {@code traceparent} is kept). A failure of the agent's part leaves the call unmeasured.
 * The request comes either as it is or inside the httpcore5 {@code BasicRequestProducer} the submit sends it from
 * (the HttpClient 5 minimal clients' only hand-off that byte-buddy can advise), whose private {@code request} field
 * is read once per call.
 */
final class ApacheAsyncClientTracer implements AsyncClientHook {

  private static final String FUTURE_CALLBACK_5 = "org.apache.hc.core5.concurrent.FutureCallback";
  private static final String FUTURE_CALLBACK_4 = "org.apache.http.concurrent.FutureCallback";

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final String service;
  /** The call being submitted on this thread, between {@link #enter} and its request. */
  private final ThreadLocal<AsyncCallCompletion> submitting = new ThreadLocal<>();
  /** Per client class: the flavour, with the {@code FutureCallback} interface of its loader; null if not found. */
  private final ClassValue<Flavour> flavours = new ClassValue<>() {
    @Override
    protected Flavour computeValue(Class<?> client) {
      boolean five = client.getName().startsWith("org.apache.hc.");
      try {
        Class<?> callback = Class.forName(five ? FUTURE_CALLBACK_5 : FUTURE_CALLBACK_4, false, client.getClassLoader());
        return new Flavour(new Class<?>[] {callback}, five ? ApacheApi.V5 : ApacheApi.V4);
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }
  };

  /** Per class: the {@code request} field of its {@code BasicRequestProducer} ancestor; null if it has none. */
  private final ClassValue<Field> producerRequests = new ClassValue<>() {
    @Override
    protected Field computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(ApacheAsyncClientInstrumentation.PRODUCER)) {
          try {
            Field field = c.getDeclaredField("request");
            field.setAccessible(true);
            return field;
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      }
      return null;
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
      Flavour flavour = flavours.get(client.getClass());
      if (flavour == null || (callback != null && !flavour.callbackTypes[0].isInstance(callback))) {
        return callback;
      }
      String hostPort = target == null ? null : flavour.api.hostPort(target, null);
      AsyncCallCompletion completion =
          new AsyncCallCompletion(recorder, service, guard, flavour.api, callback, hostPort, System.nanoTime());
      Object proxy = Proxy.newProxyInstance(flavour.callbackTypes[0].getClassLoader(), flavour.callbackTypes,
          completion);
      submitting.set(completion);
      return proxy;
    } catch (Throwable t) {
      guard.recordingFailed(t);
      return callback;
    }
  }

  @Override
  public void request(Object target, Object request) {
    AsyncCallCompletion completion = submitting.get();
    if (completion == null) {
      return;
    }
    submitting.set(null); // the first request of the submit only
    try {
      Field held = request == null ? null : producerRequests.get(request.getClass());
      if (held != null) {
        request = held.get(request);
      }
      ApacheApi api = completion.api();
      if (!api.setHeader.available(request)) {
        return;
      }
      api.addPropagationHeaders(request, service);
      if (completion.hostPort() == null) {
        completion.hostPort(api.hostPort(target, request));
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

  private record Flavour(Class<?>[] callbackTypes, ApacheApi api) {}
}
