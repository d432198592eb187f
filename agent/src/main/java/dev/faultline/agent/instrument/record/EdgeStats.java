package dev.faultline.agent.instrument.record;

/**
 * The statistics of one call-graph edge, as seen from this service: {@code caller -> callee} with an optional
 * operation (the SQL operation for databases, empty otherwise). Resolved by {@link IntervalRecorder#edge}.
 */
public final class EdgeStats {

  final String caller;
  final String callee;
  final PeerKind kind;
  final EdgeSide side;
  final String operation;
  final int hash;
  private final LatencyStats latency = new LatencyStats();

  EdgeStats(String caller, String callee, PeerKind kind, EdgeSide side, String operation, int hash) {
    this.caller = caller;
    this.callee = callee;
    this.kind = kind;
    this.side = side;
    this.operation = operation;
    this.hash = hash;
  }

  /** Records one call; {@code error}: failed, 5xx or an exception. */
  public void record(long nanos, boolean error) {
    latency.record(nanos, error);
  }

  boolean matches(String caller, String callee, PeerKind kind, EdgeSide side, String operation) {
    return this.kind == kind && this.side == side && this.callee.equals(callee) && this.caller.equals(caller)
        && this.operation.equals(operation);
  }

  LatencyStats latency() {
    return latency;
  }
}
