package dev.faultline.agent.instrument.record;

import java.util.List;

/**
 * What the instrumentation saw between two drains: only endpoints and edges with calls in the interval, and the
 * exception counts. Immutable.
 *
 * @param service the service name of this agent (the caller of CALLER edges)
 * @param startMillis the previous drain (or the recorder's creation), Unix milliseconds
 * @param endMillis this drain, Unix milliseconds
 * @param methods methods chosen by configuration, reported like endpoints but not part of the service's requests
 * @param errorLogs ERROR-level log events: type = the message template, source = the logger
 * @param inFlight requests in flight at the server side over the interval (mean and maximum)
 */
public record IntervalReport(
    String service,
    long startMillis,
    long endMillis,
    List<EndpointSnapshot> endpoints,
    List<EndpointSnapshot> methods,
    List<EdgeSnapshot> edges,
    List<ExceptionSnapshot> exceptions,
    List<ExceptionSnapshot> errorLogs,
    InFlightGauge.Reading inFlight) {

  public IntervalReport {
    endpoints = List.copyOf(endpoints);
    methods = List.copyOf(methods);
    edges = List.copyOf(edges);
    exceptions = List.copyOf(exceptions);
    errorLogs = List.copyOf(errorLogs);
    inFlight = java.util.Objects.requireNonNull(inFlight, "inFlight");
  }

  /** The interval length in seconds, at least 1 ms. */
  public double intervalSeconds() {
    return Math.max(1, endMillis - startMillis) / 1000.0;
  }
}
