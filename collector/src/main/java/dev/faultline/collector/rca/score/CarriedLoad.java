package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.util.Map;
import java.util.TreeMap;

/**
 * Services whose traffic rise their callers carry. When a load ramp, a burst of users or another service's re-sends
 * push more calls down the graph, every service on the way serves more requests and its load-proportional metrics
 * (CPU, bytes per second) rise with them: a consequence of the traffic, not a fault of its own. A service is
 * <b>carrying load</b> when its request rate rises and that relative rise is at most
 * {@value RetryOverload#LOAD_SLACK} x the largest relative rise among its callers (the slack for queueing and other
 * non-linear costs); the rise of such a service's resources is then discounted by its baseline times that relative
 * rise (see {@code NodeEvidence}). An entry service (no callers) and a service whose rate rises well beyond its
 * callers' (it receives more calls per upstream request: re-sends to it, a changed code path) carry their own rise.
 * Pure and deterministic.
 */
final class CarriedLoad {
  static final String RATE = "request_rate";

  private final Map<String, Double> rise = new TreeMap<>();

  CarriedLoad(TopologySnapshot g, ChangeTable table) {
    for (String node : g.nodes()) {
      SeriesChange rate = table.node(node).get(RATE);
      if (rate == null || !rate.rising()) {
        continue;
      }
      double own = RetryOverload.relative(rate);
      double callers = 0;
      for (String caller : g.callers(node)) {
        SeriesChange c = table.node(caller).get(RATE);
        if (c != null && c.rising()) {
          callers = Math.max(callers, RetryOverload.relative(c));
        }
      }
      if (callers > 0 && own <= RetryOverload.LOAD_SLACK * callers) {
        rise.put(node, own);
      }
    }
  }

  /** The relative request-rate rise its callers carry to {@code node}; 0 when it carries none. */
  double relativeRise(String node) {
    return rise.getOrDefault(node, 0.0);
  }
}
