package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Retries of a lossy call edge, and the load they push downstream.
 *
 * <p>A <b>retry target</b> is a callee that receives more calls per request of its callers: the ratio of its request
 * rate to the sum of its callers' request rates (its calls per upstream request, steady while the code is) rises by
 * {@value #MIN_Z} baseline spreads and {@value #MIN_RATIO_RISE} or more of its level: the extra calls are re-sends,
 * not new work from upstream. It counts only when a caller also shows what retries cost it: its client latency
 * rises ({@value #MIN_Z} baseline spreads or more). A genuine load ramp enters at the front end and raises
 * the callers' rates with the callee's, which leaves the ratio where it was, so it never makes a target; neither
 * does an entry service (it has no callers).
 *
 * <p>The re-sent calls are served, so their traffic flows on down the target's call tree: a service there whose
 * rate rise its callers carry (within {@value #LOAD_SLACK} x the largest relative rise among its callers in the tree)
 * is <b>loaded by</b> the target. Its load-proportional rises (CPU, bytes per second) are a consequence; see
 * {@link #loadedBy(String)}. Pure and deterministic: the graph is walked in name order.
 */
final class RetryOverload {
  /** The calls-per-upstream-request ratio and the caller's client latency must rise by this many baseline spreads. */
  static final double MIN_Z = 3;
  /** Smallest relative rise of the calls-per-upstream-request ratio (a few percent of re-sends). */
  static final double MIN_RATIO_RISE = 0.05;
  /** How much larger than its callers' relative rise a downstream service's may be and still be carried load. */
  static final double LOAD_SLACK = 1.5;

  static final String RATE = "request_rate";

  private final RcaInput in;
  private final ChangeTable table;
  private final TopologySnapshot g;
  private final RobustChangeScore scorer;
  /** Retrying caller -> the retry target it calls (the strongest when it calls several). */
  private final Map<String, String> targetOf = new TreeMap<>();
  /** Service -> {target, relative rate rise} for services loaded by a target's retries. */
  private final Map<String, Load> loaded = new TreeMap<>();

  /** The retry target whose re-sent traffic loads a service, and that service's relative rate rise. */
  record Load(String target, double relativeRise) {}

  RetryOverload(RcaInput in, ChangeTable table, RobustChangeScore scorer) {
    this.in = in;
    this.table = table;
    this.g = in.topology();
    this.scorer = scorer;
    Map<String, Double> targets = new TreeMap<>();
    for (String node : g.nodes()) {
      double z = targetStrength(node);
      if (z > 0) {
        targets.put(node, z);
      }
    }
    targets.forEach((callee, z) -> {
      for (String caller : g.callers(callee)) {
        String prev = targetOf.get(caller);
        if (retrying(caller, callee) && (prev == null || targets.get(prev) < z)) {
          targetOf.put(caller, callee);
        }
      }
      spread(callee);
    });
  }

  /** The retry target {@code caller} re-sends calls to, or null. */
  String targetOf(String caller) {
    return targetOf.get(caller);
  }

  /** The load a target's retries put on {@code node}, or null when it is not downstream of one. */
  Load loadedBy(String node) {
    return loaded.get(node);
  }

  /** z of the rise of the callee's calls per upstream request when it is a retry target, else 0. */
  private double targetStrength(String callee) {
    SeriesChange ratio = callRatioChange(callee);
    if (ratio == null || !ratio.rising() || ratio.z() < MIN_Z || relative(ratio) < MIN_RATIO_RISE) {
      return 0;
    }
    for (String caller : g.callers(callee)) {
      if (retrying(caller, callee)) {
        return ratio.z();
      }
    }
    return 0;
  }

  /**
   * Change of the callee's request rate divided by the sum of its callers' request rates, point by point; null when
   * the callee or any caller has no rate series (the ratio would be partial).
   */
  private SeriesChange callRatioChange(String callee) {
    double[] rate = in.series().get(new SeriesKey(callee, RATE));
    if (rate == null || g.callers(callee).isEmpty()) {
      return null;
    }
    double[] upstream = new double[rate.length];
    for (String caller : g.callers(callee)) {
      double[] r = in.series().get(new SeriesKey(caller, RATE));
      if (r == null) {
        return null;
      }
      for (int i = 0; i < upstream.length; i++) {
        upstream[i] += r[i];
      }
    }
    double[] ratio = new double[rate.length];
    for (int i = 0; i < ratio.length; i++) {
      ratio[i] = upstream[i] > 0 ? rate[i] / upstream[i] : Double.NaN;
    }
    return scorer.score(ratio, in.incidentIndex(), ratio.length, MetricKind.TRAFFIC);
  }

  /**
   * The caller's client latency (its own or on the edge) rose: a re-send waits for a timeout first, so retries show
   * in the caller's tail latency. Errors alone do not count: a caller failing for its own reasons also changes which
   * calls it makes (e.g. calls to a wrong resource), with no lost packet anywhere.
   */
  private boolean retrying(String caller, String callee) {
    for (Map<String, SeriesChange> series : List.of(table.node(caller), table.edge(caller, callee))) {
      for (Map.Entry<String, SeriesChange> e : series.entrySet()) {
        if (MetricKind.of(e.getKey()) == MetricKind.CLIENT_LATENCY && e.getValue().rising()
            && e.getValue().z() >= MIN_Z) {
          return true;
        }
      }
    }
    return false;
  }

  /** Walks the target's call tree, marking services whose rate rise the tree's callers carry. */
  private void spread(String target) {
    Map<String, Double> rise = new TreeMap<>();
    rise.put(target, relative(table.node(target).get(RATE)));
    Deque<String> todo = new ArrayDeque<>();
    todo.add(target);
    while (!todo.isEmpty()) {
      String node = todo.poll();
      for (String callee : g.callees(node)) {
        SeriesChange rate = table.node(callee).get(RATE);
        if (rise.containsKey(callee) || rate == null || !rate.rising()) {
          continue;
        }
        double own = relative(rate);
        double carried = callersRise(callee, rise);
        if (!Double.isNaN(carried) && own <= LOAD_SLACK * carried) {
          rise.put(callee, own);
          loaded.merge(callee, new Load(target, own), (a, b) -> a.relativeRise() >= b.relativeRise() ? a : b);
          todo.add(callee);
        }
      }
    }
  }

  /** Largest relative rate rise recorded in {@code within} among the node's callers; NaN when none is there. */
  private double callersRise(String node, Map<String, Double> within) {
    double m = Double.NaN;
    for (String caller : g.callers(node)) {
      Double r = within.get(caller);
      if (r != null) {
        m = Double.isNaN(m) ? Math.max(0, r) : Math.max(m, r);
      }
    }
    return m;
  }

  static double relative(SeriesChange c) {
    double base = Math.abs(c.median());
    return base > 0 ? c.signedDelta() / base : Math.signum(c.signedDelta());
  }
}
