package dev.faultline.agent.instrument.record;

/**
 * The statistics of one endpoint (HTTP method and folded route), resolved once per request by
 * {@link IntervalRecorder#endpoint} and then recorded into.
 */
public final class EndpointStats {

  /** The name of the overflow bucket once the endpoint cap is reached. */
  public static final String OVERFLOW = "OTHER";
  /** The overflow bucket of methods chosen by configuration. */
  public static final String METHOD_OVERFLOW = "OTHER_METHOD";

  final String method;
  final String route;
  final int hash;
  private final String name;
  private final LatencyStats latency = new LatencyStats();

  EndpointStats(String method, String route, int hash) {
    this.method = method;
    this.route = route;
    this.hash = hash;
    this.name = method.isEmpty() ? route : method + ' ' + route;
  }

  /** The endpoint label, e.g. {@code GET /users/{id}}, or {@value #OVERFLOW}. */
  public String name() {
    return name;
  }

  /** Records one request. {@code error}: a 5xx status or an exception escaping the handler. */
  public void record(long nanos, boolean error) {
    latency.record(nanos, error);
  }

  LatencyStats latency() {
    return latency;
  }
}
