package dev.faultline.agent.instrument.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the instrumentation records, and where the reporter drains interval reports from.
 *
 * <pre>{@code
 * IntervalRecorder recorder = new IntervalRecorder("checkout", 100, 100, 200, System.currentTimeMillis());
 * EndpointStats endpoint = recorder.endpoint("GET", "/users/123");   // GET /users/{id}
 * endpoint.record(elapsedNanos, status >= 500);
 * IntervalReport report = recorder.drain(System.currentTimeMillis()); // every interval, one thread
 * }</pre>
 *
 * <p>Recording is thread-safe and, once an endpoint or edge exists, allocation-free. {@link #drain} must not run
 * concurrently with itself.
 */
public class IntervalRecorder {

  private final String service;
  private final EndpointTable endpoints;
  private final EndpointTable methods;
  private final EdgeTable edges;
  private final ExceptionCounter exceptions;
  private final ExceptionCounter errorLogs;
  private final InFlightGauge inFlight = new InFlightGauge(System.nanoTime());
  private long lastDrainMillis;

  public IntervalRecorder(String service, int maxEndpoints, int maxEdges, int maxExceptionKeys, long nowMillis) {
    this.service = Objects.requireNonNull(service, "service");
    this.endpoints = new EndpointTable(positive(maxEndpoints, "maxEndpoints"));
    this.methods = new EndpointTable(maxEndpoints, EndpointStats.METHOD_OVERFLOW);
    this.edges = new EdgeTable(service, positive(maxEdges, "maxEdges"));
    this.exceptions = new ExceptionCounter(positive(maxExceptionKeys, "maxExceptionKeys"));
    this.errorLogs = new ExceptionCounter(maxExceptionKeys);
    this.lastDrainMillis = nowMillis;
  }

  public String service() {
    return service;
  }

  /** The requests in flight at this service's server side: the server tracers enter and exit it. */
  public InFlightGauge inFlight() {
    return inFlight;
  }

  /** The stats of {@code method} + the folded {@code rawPath}, or the overflow bucket past the cap. */
  public EndpointStats endpoint(String method, String rawPath) {
    return endpoints.resolve(method, rawPath);
  }

  /**
   * The stats of a method chosen by configuration, named {@code com.acme.OrderService.place}: reported like an
   * endpoint but not counted in the service's requests (it runs inside them). Capped like the endpoints.
   */
  public EndpointStats method(String qualifiedName) {
    return methods.resolve("", qualifiedName);
  }

  /** The stats of an edge this service measured; {@code operation} is "" when there is none. */
  public EdgeStats edge(String caller, String callee, PeerKind kind, EdgeSide side, String operation) {
    return edges.resolve(caller, callee, kind, side, operation);
  }

  /** Counts {@code thrown} escaping {@code source} (an endpoint or callee name). */
  public void exception(Throwable thrown, String source) {
    exceptions.record(thrown, source);
  }

  /** Counts an exception of type {@code typeName} (a class name) seen at {@code source} (a logger, say). */
  public void exception(String typeName, String source) {
    exceptions.record(typeName, source);
  }

  /**
   * Counts one ERROR-level log event of {@code template} (the format string, never the filled-in message) from
   * {@code logger}; at most as many template/logger pairs as exception keys, then {@value EndpointStats#OVERFLOW}.
   */
  public void errorLog(String template, String logger) {
    errorLogs.record(template, logger);
  }

  /**
   * Everything recorded since the previous drain. One thread at a time. A call racing the drain may be counted in
   * one interval and its latency in the next; an entry is reported when either is non-zero, so nothing is lost.
   */
  public synchronized IntervalReport drain(long nowMillis) {
    List<EndpointSnapshot> endpointSnapshots = new ArrayList<>();
    for (EndpointStats stats : endpoints.all()) {
      LatencySnapshot latency = stats.latency().drain();
      if (latency.calls() > 0 || latency.histogramCount() > 0) {
        endpointSnapshots.add(new EndpointSnapshot(stats.name(), latency));
      }
    }
    List<EndpointSnapshot> methodSnapshots = new ArrayList<>();
    for (EndpointStats stats : methods.all()) {
      LatencySnapshot latency = stats.latency().drain();
      if (latency.calls() > 0 || latency.histogramCount() > 0) {
        methodSnapshots.add(new EndpointSnapshot(stats.name(), latency));
      }
    }
    List<EdgeSnapshot> edgeSnapshots = new ArrayList<>();
    for (EdgeStats stats : edges.all()) {
      LatencySnapshot latency = stats.latency().drain();
      if (latency.calls() > 0 || latency.histogramCount() > 0) {
        edgeSnapshots.add(
            new EdgeSnapshot(stats.caller, stats.callee, stats.kind, stats.side, stats.operation, latency));
      }
    }
    IntervalReport report = new IntervalReport(
        service, lastDrainMillis, nowMillis, endpointSnapshots, methodSnapshots, edgeSnapshots, exceptions.drain(),
        errorLogs.drain(), inFlight.drain(System.nanoTime()));
    lastDrainMillis = nowMillis;
    return report;
  }

  private static int positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
    return value;
  }
}
