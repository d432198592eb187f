package dev.faultline.agent.instrument.httpserver;

import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.lang.instrument.Instrumentation;

/**
 * One JDK HttpServer request from a Faultline caller as the hook sees it, for {@code HookCpuProbe}: enter (which
 * answers {@code x-faultline-service} in the response headers) and exit, on a new exchange per request.
 */
public final class ServerHookCase {

  private ServerHookCase() {}

  /** With the agent, the header map reachable as the agent makes it ({@code instrumentation}: to open it). */
  public static Runnable traced(Instrumentation instrumentation) {
    RequestHeaderMaps.open(instrumentation);
    IntervalRecorder recorder = new IntervalRecorder("back", 100, 100, 200, 0);
    HttpServerTracer tracer = new HttpServerTracer(recorder, new LibraryGuard("httpserver"), "back");
    ThreadState thread = ThreadState.current();
    return () -> {
      StubExchange exchange = exchange();
      tracer.enter(thread, exchange);
      exchange.status = 200;
      tracer.exit(thread, null);
    };
  }

  /** Without the agent: the exchange only. */
  public static Runnable bare() {
    long[] sink = new long[1];
    return () -> sink[0] += exchange().getRequestHeaders().size();
  }

  private static StubExchange exchange() {
    return new StubExchange("GET", "/items/42").header("Accept", "text/plain")
        .header("X-faultline-caller", "front")
        .header("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }
}
