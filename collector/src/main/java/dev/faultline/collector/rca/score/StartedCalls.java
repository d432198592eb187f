package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.graph.TopologySnapshot;

/**
 * Calls that started: traffic flows with the calls, so when a callee that was idle before the incident (fewer than
 * {@value #IDLE_CALLS} calls per grid step, or never seen) starts being called while its callers' own traffic does
 * not explain it, nothing upstream grew: a caller began to make calls it did not make before (a new code path such
 * as an error handler, a fallback or a clean-up). The new traffic is evidence of a change at the callers, as
 * stopped calls are, not at the idle callee. A callee that nobody calls in the topology keeps its traffic (an
 * outside client, e.g. a request flood). A busy callee is never affected.
 */
final class StartedCalls {
  /** A callee with fewer calls per grid step than this in its baseline (median) was idle. */
  static final double IDLE_CALLS = 1;

  private final RcaInput in;
  private final TopologySnapshot g;

  StartedCalls(RcaInput in) {
    this.in = in;
    this.g = in.topology();
  }

  /** True when the node's rising traffic belongs to its callers: it was idle and it has callers. */
  boolean movesToCallers(String node) {
    return !g.callers(node).isEmpty() && idle(node);
  }

  /** The share of a moved traffic rise that each caller of {@code node} gets (the callers cannot be told apart). */
  double callerShare(String node) {
    return 1.0 / g.callers(node).size();
  }

  private boolean idle(String node) {
    double[] rate = in.series().get(new SeriesKey(node, "request_rate"));
    if (rate == null) {
      return false;
    }
    double usual = ChangeTable.median(rate, 0, in.incidentIndex());
    return Double.isNaN(usual) || usual * in.stepSeconds() < IDLE_CALLS;
  }
}
