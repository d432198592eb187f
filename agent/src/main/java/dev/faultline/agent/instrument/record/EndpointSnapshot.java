package dev.faultline.agent.instrument.record;

/** One endpoint over one interval: {@code name} as in {@code GET /users/{id}}, its calls, errors and latency. */
public record EndpointSnapshot(String name, LatencySnapshot latency) {

  public long requests() {
    return latency.calls();
  }

  public long errors() {
    return latency.errors();
  }
}
