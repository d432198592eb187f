package dev.faultline.agent.instrument.bench;

import dev.faultline.agent.bootstrap.CallDepth;
import dev.faultline.agent.bootstrap.ThreadState;
import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.httpserver.HttpServerAdvice;
import dev.faultline.agent.instrument.httpserver.HttpServerInstrumentation;
import dev.faultline.agent.instrument.httpserver.StubExchange;
import dev.faultline.agent.instrument.record.EndpointStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
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
 * The cost the agent adds to one instrumented server request: the advice byte-buddy inlines into
 * {@code Filter$Chain.doFilter}, called here as the very same static methods ({@link HttpServerAdvice#enter} and
 * {@link HttpServerAdvice#exit}, which the JIT inlines), for the three calls of both chains a JDK server request passes (see {@code advice}): call-depth
 * guard, hook dispatch, endpoint resolution with
 * path folding, the propagation-header checks (every request carries Host, User-Agent and Accept headers, as
 * real ones do), two {@code nanoTime} reads (enter and exit), recording into the
 * endpoint's counters and HdrHistogram, and the trace-context attach and restore. Around an empty handler and a
 * stub exchange, without the JDK server.
 *
 * <p>So that no cache of ours or the JDK's is flattered, requests cycle through distinct exchanges whose method and
 * path are distinct String instances (equal content still compares char by char, hash codes are not shared), and
 * the path-with-id requests carry {@value #IDS} different ids, as a real server's would. The reporter's drain runs
 * once per iteration (in production: once per interval, every 10 s), never per call. Run with
 * {@link BenchmarkMain} ({@code -prof gc} for bytes per operation) and cross-check with {@link CpuTimeProbe}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class InstrumentationOverheadBenchmark {

  static final int IDS = 1024;
  private static final int FIXED_PATH_COPIES = 16;

  private IntervalRecorder recorder;
  private EndpointStats endpoint;
  private StubExchange[] fixedPathRequests;
  private StubExchange[] pathWithIdRequests;
  private StubExchange[] propagatedRequests;
  private String[] fixedPaths;
  private String[] pathsWithId;
  private int next;
  private long nanos;
  // The filter iterators of the chains a JDK server request passes (see advice()): no user filter, then the
  // system chain before and after its AuthFilter.
  private final ListIterator<Object> userChain = new ArrayList<>().listIterator();
  private final ListIterator<Object> systemChainFirst = new ArrayList<>(List.of(new Object())).listIterator();
  private final ListIterator<Object> systemChainAgain = new ArrayList<>(List.of(new Object())).listIterator(1);

  @Setup(Level.Trial)
  public void setUp() {
    recorder = new IntervalRecorder("bench", 100, 100, 100, System.currentTimeMillis());
    HttpServerInstrumentation library = new HttpServerInstrumentation();
    if (!Boolean.getBoolean("bench.noPrepare")) {
      library.prepare(ByteBuddyAgent.install()); // as the agent does at installation (opens the header map)
    }
    library.registerHook(recorder, new LibraryGuard("httpserver"), InstrumentationSettings.builder("bench").build());
    endpoint = recorder.endpoint("GET", "/users/12345");
    fixedPathRequests = new StubExchange[FIXED_PATH_COPIES];
    fixedPaths = new String[FIXED_PATH_COPIES];
    for (int i = 0; i < FIXED_PATH_COPIES; i++) {
      fixedPathRequests[i] = request("/api/orders/pending");
      fixedPaths[i] = fixedPathRequests[i].getRequestURI().getRawPath();
    }
    pathWithIdRequests = new StubExchange[IDS];
    propagatedRequests = new StubExchange[IDS];
    pathsWithId = new String[IDS];
    for (int i = 0; i < IDS; i++) {
      pathWithIdRequests[i] = request("/users/" + (10_000 + i) + "/orders");
      pathsWithId[i] = pathWithIdRequests[i].getRequestURI().getRawPath();
      propagatedRequests[i] = request("/users/" + (10_000 + i) + "/orders")
          .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
          .header("x-faultline-caller", "checkout");
    }
  }

  /** A request as an HTTP/1.1 client sends it: never without headers, even when none of them is ours. */
  private static StubExchange request(String path) {
    StubExchange exchange = new StubExchange(new String("GET"), path) // a server parses a new String per request
        .header("Host", "127.0.0.1:8080")
        .header("User-Agent", "Java-http-client/17")
        .header("Accept", "application/json");
    exchange.status = 200;
    return exchange;
  }

  @TearDown(Level.Iteration)
  public void drain() {
    recorder.drain(System.currentTimeMillis()); // as the reporter does once per interval, so histograms swap
  }

  /** One request whose path is its own route (no id segment): the steady-state figure for fixed routes. */
  @Benchmark
  public void serverRequestFixedPath() {
    advice(fixedPathRequests[++next & (FIXED_PATH_COPIES - 1)]);
  }

  /** One request whose path carries an id ({@code /users/10042/orders}, folded to {@code /users/{id}/orders}). */
  @Benchmark
  public void serverRequestPathWithId() {
    advice(pathWithIdRequests[++next & (IDS - 1)]);
  }

  /** The same with traceparent and x-faultline-caller: adds the JDK's header lookups, parsing, the callee edge. */
  @Benchmark
  public void serverRequestWithPropagationHeaders() {
    advice(propagatedRequests[++next & (IDS - 1)]);
  }

  /** Endpoint resolution of a fixed path plus recording, without the hook and clock. */
  @Benchmark
  public EndpointStats resolveFixedPathAndRecord() {
    EndpointStats stats = recorder.endpoint("GET", fixedPaths[++next & (FIXED_PATH_COPIES - 1)]);
    stats.record(++nanos & 0xFFFFF, false);
    return stats;
  }

  /** Endpoint resolution of a path with an id (folding) plus recording, without the hook and clock. */
  @Benchmark
  public EndpointStats resolvePathWithIdAndRecord() {
    EndpointStats stats = recorder.endpoint("GET", pathsWithId[++next & (IDS - 1)]);
    stats.record(++nanos & 0xFFFFF, false);
    return stats;
  }

  /** Recording alone: the bucket's atomic increment and the sum adder. */
  @Benchmark
  public void recordOnly() {
    endpoint.record(++nanos & 0xFFFFF, false);
  }

  /**
   * The advice's own frame, without the hook: the re-entry checks, the thread-state lookups and the call-depth
   * guard of the three advised calls, as {@link HttpServerAdvice} does them (a step of the request figure, to see
   * what the hook's work adds).
   */
  @Benchmark
  public int adviceGuardOnly() {
    int depth = userChain.nextIndex() + systemChainFirst.nextIndex();
    ThreadState outer = ThreadState.current();
    depth += outer.enter(CallDepth.HTTP_SERVER);
    ThreadState inner = ThreadState.current();
    depth += inner.enter(CallDepth.HTTP_SERVER);
    if (systemChainAgain.nextIndex() == 0) {
      depth += inner.enter(CallDepth.HTTP_SERVER) + inner.exit(CallDepth.HTTP_SERVER);
    }
    depth += inner.exit(CallDepth.HTTP_SERVER);
    return depth + outer.exit(CallDepth.HTTP_SERVER);
  }

  /** The clock alone: a request needs it twice (enter and exit), the part no agent code can save. */
  @Benchmark
  public long nanoTimeOnly() {
    return System.nanoTime();
  }

  /**
   * What byte-buddy inlines into {@code doFilter}, around an empty handler (suppress = Throwable: a try/catch), as
   * the JDK server (17 and 25) runs it: the user filters' chain ({@code uc}, none here) ends in a link to the system
   * chain ({@code sc}, {@code ServerImpl.Exchange.run}), whose one filter, the server's {@code AuthFilter}, passes
   * the request on by calling {@code sc.doFilter} again, which calls the handler: three advised calls per request,
   * each with its chain's filter iterator ({@code @Advice.FieldValue("iter")}) where the JDK's would stand. The
   * outer time runs the hook; the others only as far as the re-entry check and the call-depth guard. ({@code var}:
   * the enter's type differs by version.)
   */
  private void advice(Object exchange) {
    var outer = HttpServerAdvice.enter(exchange, userChain);
    var system = HttpServerAdvice.enter(exchange, systemChainFirst);
    var reentered = HttpServerAdvice.enter(exchange, systemChainAgain);
    // ... the application's handler runs here ...
    HttpServerAdvice.exit(reentered, null);
    HttpServerAdvice.exit(system, null);
    HttpServerAdvice.exit(outer, null);
  }
}
