package dev.faultline.agent.instrument.record;

/**
 * One call-graph edge over one interval. {@code operation} is the SQL operation (SELECT, INSERT, UPDATE, DELETE,
 * OTHER) for database edges and empty otherwise.
 */
public record EdgeSnapshot(
    String caller, String callee, PeerKind kind, EdgeSide side, String operation, LatencySnapshot latency) {

  public long calls() {
    return latency.calls();
  }

  public long errors() {
    return latency.errors();
  }
}
