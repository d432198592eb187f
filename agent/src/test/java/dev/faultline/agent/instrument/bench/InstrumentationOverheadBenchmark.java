package dev.faultline.agent.instrument.bench;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.Hooks;
import dev.faultline.agent.bootstrap.HttpServerHook;
import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.httpserver.HttpServerInstrumentation;
import dev.faultline.agent.instrument.httpserver.StubExchange;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost the agent adds to one instrumented server request: exactly what the inlined advice of
 * {@code Filter$Chain.doFilter} executes (call-depth guard, hook dispatch, endpoint resolution with path folding,
 * two {@code nanoTime} reads, recording into the endpoint's counters and HdrHistogram), without the JDK server
 * around it. Run with {@link BenchmarkMain} ({@code -prof gc} for bytes per operation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class InstrumentationOverheadBenchmark {

  private IntervalRecorder recorder;
  private EndpointStats endpoint;
  private StubExchange plainRequest;
  private StubExchange propagatedRequest;
  private long nanos;

  @Setup(Level.Trial)
  public void setUp() {
    recorder = new IntervalRecorder("bench", 100, 100, 100, System.currentTimeMillis());
    new HttpServerInstrumentation().registerHook(recorder, new LibraryGuard("httpserver"),
        InstrumentationSettings.builder("bench").build());
    endpoint = recorder.endpoint("GET", "/users/12345");
    plainRequest = new StubExchange("GET", "/users/12345/orders");
    plainRequest.status = 200;
    propagatedRequest = new StubExchange("GET", "/users/12345/orders")
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .header("x-faultline-caller", "checkout");
    propagatedRequest.status = 200;
  }

  @TearDown(Level.Iteration)
  public void drain() {
    recorder.drain(System.currentTimeMillis()); // as the reporter does, so histograms keep swapping
  }

  /** The whole advice path of one request without propagation headers: the steady-state figure. */
  @Benchmark
  public void serverRequestAdvicePath() {
    advice(plainRequest);
  }

  /** The same with traceparent and x-faultline-caller: adds the JDK's header lookups, parsing, the callee edge. */
  @Benchmark
  public void serverRequestWithPropagationHeaders() {
    advice(propagatedRequest);
  }

  /** Endpoint resolution (path folding and table lookup) plus recording, without the hook and clock. */
  @Benchmark
  public EndpointStats resolveAndRecord() {
    EndpointStats stats = recorder.endpoint("GET", "/users/12345/orders");
    stats.record(++nanos & 0xFFFFF, false);
    return stats;
  }

  /** Recording alone: two LongAdders, a sum and a HdrHistogram Recorder. */
  @Benchmark
  public void recordOnly() {
    endpoint.record(++nanos & 0xFFFFF, false);
  }

  /** The clock alone: the path reads it twice, so twice this is the part no agent code can save. */
  @Benchmark
  public long nanoTimeOnly() {
    return System.nanoTime();
  }

  /** The code the advice inlines into {@code doFilter}, around an empty handler. */
  private static void advice(Object exchange) {
    Object scope = null;
    if (CallDepth.increment(CallDepth.HTTP_SERVER) == 0) {
      scope = Hooks.httpServer().enter(exchange);
    }
    // ... the application's handler runs here ...
    if (CallDepth.decrement(CallDepth.HTTP_SERVER) == 0) {
      HttpServerHook hook = Hooks.httpServer();
      hook.exit(scope, null);
    }
  }
}
