package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.PerThreadServerTracer;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.ServerRequest;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/**
 * One servlet request, from the outermost filter's {@code doFilter} or servlet's {@code service} to its return:
 * reads the propagation headers at the start and resolves the endpoint at the end, when the framework has put its
 * route template on the request; timing, context and recording are {@link ServerRequest}'s. A request put into
 * async mode is handed to an {@link AsyncCompletion} that records it when the async context completes. Reused per
 * thread (kept in the thread's {@link ThreadState} slot); not thread-safe.
 *
 * <p>A request is an error when the servlet or filter threw or the response status is 5xx.
 */
final class ServletScope extends PerThreadServerTracer.Scope {

  private final IntervalRecorder recorder;
  private final LibraryGuard guard;
  private final ServerRequest timing;
  private ServletApi api;
  private Object request;
  private Object response;
  private String method;

  ServletScope(ServletTracer owner, IntervalRecorder recorder, LibraryGuard guard, String service) {
    super(owner);
    this.recorder = recorder;
    this.guard = guard;
    this.timing = new ServerRequest(recorder, service);
  }

  @Override
  protected boolean started() {
    return api != null;
  }

  void start(ThreadState thread, ServletApi api, Object request, Object response, long nowNanos) throws Throwable {
    this.api = api;
    this.request = request;
    this.response = response;
    this.method = (String) api.getMethod.invoke(request);
    String caller = (String) api.getHeader.invoke(request, Propagation.CALLER_HEADER);
    String traceparent = (String) api.getHeader.invoke(request, Propagation.TRACEPARENT);
    if (timing.start(thread, caller, traceparent, nowNanos)) {
      api.setHeader.invoke(response, Propagation.SERVICE_HEADER, timing.service());
    }
  }

  @Override
  protected void end(Throwable thrown, long nowNanos) throws Throwable {
    try {
      if (thrown == null && api.asyncStarted(request)) {
        ServerRequest pending = timing.handOff();
        if (!AsyncCompletion.register(api, request, response, method, recorder, pending, guard)) {
          // Completed before the listener could be added: it ends now.
          pending.end(recorder.endpoint(method, api.route(request)), api.getStatus.invokeInt(response) >= 500,
              null, nowNanos);
        }
        return;
      }
      timing.end(recorder.endpoint(method, api.route(request)),
          thrown == null && api.getStatus.invokeInt(response) >= 500, thrown, nowNanos);
    } finally {
      abandon();
    }
  }

  /** Restores the thread's previous context and drops the references to this request. */
  @Override
  protected void abandon() {
    timing.close();
    api = null;
    request = null;
    response = null;
    method = null;
  }
}
