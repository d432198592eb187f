package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.Evidence;
import dev.faultline.collector.rca.LogEvent;
import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the change table into per-node evidence, applying the propagation rules:
 * <ul>
 *   <li>latency and errors flow from callee to caller: a node's rise is discounted by the share explained by the
 *       rise of its callees (their server series, the per-edge client series, or its own client latency);
 *   <li>traffic flows from caller to callee: a request-rate change is discounted by its callers' relative change;
 *   <li>resource and generic metrics are the node's own; host ({@code node_*}) metrics are shared and weigh less;
 *   <li>a caller-side delay on an edge ({@link CallerSideDelay}: network delay or packet loss, seen only by the
 *       caller while the callee looks healthy) goes to the endpoint whose edges in that direction are most
 *       consistently delayed, the callee on a tie; the caller's unexplained client latency and errors move with it;
 *   <li>retries of a lossy edge ({@link RetryOverload}: the callee gets more calls per upstream request while a
 *       caller's client latency rises): the caller's unexplained client latency goes to the callee, and the resource
 *       rises the re-sent traffic explains at the services below it count as load, not as their own evidence;
 *   <li>an opaque endpoint (no callees, only what its callers measure) defers to a transparent sibling with the
 *       same kind of rise;
 *   <li>a busy callee whose traffic stops while the node is still called is evidence of a failure at the node
 *       (stopped calls), and the node's callers' unexplained errors move to it;
 *   <li>an idle callee that starts being called, beyond what its callers' traffic explains, is evidence of a change
 *       at those callers (started calls, {@link StartedCalls});
 *   <li>a burst of an error-log template or exception type at the node counts like an error rise.
 * </ul>
 * Weights are fixed constants (no per-dataset settings).
 */
final class NodeEvidence {
  static final double W_OWN = 1.0;
  static final double W_CLIENT = 0.8;
  static final double W_TRAFFIC = 0.6;
  static final double W_HOST = 0.5;
  static final double W_DROP = 0.5;

  private final RcaInput in;
  private final ChangeTable table;
  private final TopologySnapshot g;
  private final CallerSideDelay delays;
  private final RetryOverload retries;
  private final Map<String, List<Evidence>> gapEvidence = new TreeMap<>();
  private final Map<String, List<Evidence>> transferred = new TreeMap<>();
  /** Per node: its callees whose traffic fell while the node itself kept being called (the node stopped calling). */
  private final Map<String, List<Evidence>> stoppedCalls = new TreeMap<>();
  private final StartedCalls started;
  /** Per node: rising traffic of its idle callees that it began to call ({@link StartedCalls}). */
  private final Map<String, List<Evidence>> startedCalls = new TreeMap<>();

  NodeEvidence(RcaInput in, ChangeTable table) {
    this.in = in;
    this.table = table;
    this.g = in.topology();
    this.delays = new CallerSideDelay(in);
    this.retries = new RetryOverload(in, table, new RobustChangeScore(EvidenceRanker.BASELINE_POINTS));
    this.started = new StartedCalls(in);
    attributeGaps();
    transferClientResiduals();
    inferStoppedCalls();
    inferStartedCalls();
    transferUnexplainedErrors();
  }

  /** Moves the unexplained traffic rise of each idle callee to its callers, shared ({@link StartedCalls}). */
  private void inferStartedCalls() {
    for (String node : table.nodesWithSeries()) {
      if (!started.movesToCallers(node)) {
        continue;
      }
      table.node(node).forEach((metric, c) -> {
        if (MetricKind.of(metric) == MetricKind.TRAFFIC && c.rising()) {
          double score = W_TRAFFIC * trafficResidual(node, metric, c) * started.callerShare(node);
          for (String caller : g.callers(node)) {
            add(startedCalls.computeIfAbsent(caller, k -> new ArrayList<>()), "calls to " + node + " started",
                "started-calls", score, c);
          }
        }
      });
    }
  }

  /** A callee must have had at least this many calls per grid step for its silence to mean something. */
  static final double STOP_MIN_CALLS = 5;
  /** Share of a callee's usual traffic that must be gone, beyond what its caller lost, for calls to count as stopped. */
  static final double STOP_SHARE = 0.5;

  /**
   * Traffic flows with the calls: when a callee's request rate falls by half or more while its caller keeps being
   * called at its usual rate, the caller stopped making those calls, typically because it fails the requests before
   * reaching that step (an exception or an early error return in its code). That is evidence of a failure at the
   * caller even when the caller has no error series of its own. Counted per post point; the callee must have been
   * busy (at least {@value #STOP_MIN_CALLS} calls per step, so silence is not chance), still normal just before
   * the incident (the stop is new), and stopped at two post points at least (it lasts). The change is measured in
   * Poisson deviations of the usual call count, (usual - seen) / sqrt(usual).
   */
  private void inferStoppedCalls() {
    int idx = in.incidentIndex();
    int end = in.timestampsSeconds().length;
    if (idx < 1 || idx >= end) {
      return;
    }
    for (Map.Entry<String, String[]> e : callEdges().entrySet()) {
      String caller = e.getValue()[0];
      String callee = e.getValue()[1];
      double[] down = in.series().get(new SeriesKey(callee, "request_rate"));
      double[] up = in.series().get(new SeriesKey(caller, "request_rate"));
      if (down == null || up == null) {
        continue;
      }
      double usualDown = ChangeTable.median(down, 0, idx);
      double usualUp = ChangeTable.median(up, 0, idx);
      double calls = usualDown * in.stepSeconds();
      if (!(calls >= STOP_MIN_CALLS) || !(usualUp > 0) || stopped(down[idx - 1], usualDown, up[idx - 1], usualUp)) {
        continue;
      }
      int first = -1;
      double best = 0;
      double second = 0;
      for (int i = idx; i < end; i++) {
        if (stopped(down[i], usualDown, up[i], usualUp)) {
          first = first < 0 ? i : first;
          double z = (usualDown - down[i]) * in.stepSeconds() / Math.sqrt(calls);
          second = Math.max(second, Math.min(best, z));
          best = Math.max(best, z);
        }
      }
      double strength = SeriesChange.compress(second);
      double share = Math.min(1, calleeTrouble(caller, callee) / strength);
      if (second > 0 && share < 1) {
        stoppedCalls.computeIfAbsent(caller, k -> new ArrayList<>()).add(new Evidence("calls to " + callee
            + " stopped", "stopped-calls", W_OWN * strength * (1 - share), second, onset(first)));
      }
    }
    stoppedCalls.values().forEach(l -> l.sort((a, b) -> Double.compare(b.score(), a.score())));
  }

  /**
   * Strongest latency or error rise among the node's other callees: a caller also stops calling onwards when a
   * callee it waits for is slow or failing (a flow stalls), so such a rise explains the stop in proportion.
   */
  private double calleeTrouble(String node, String stoppedCallee) {
    double m = 0;
    for (String callee : g.callees(node)) {
      if (callee.equals(stoppedCallee)) {
        continue;
      }
      for (Map.Entry<String, SeriesChange> e : table.node(callee).entrySet()) {
        MetricKind k = MetricKind.of(e.getKey());
        if (k == MetricKind.LATENCY || k == MetricKind.ERRORS) {
          m = Math.max(m, e.getValue().riseStrength());
        }
      }
    }
    return m;
  }

  private static boolean stopped(double down, double usualDown, double up, double usualUp) {
    if (!Double.isFinite(down) || !Double.isFinite(up)) {
      return false;
    }
    double keptDown = down / usualDown;
    return keptDown <= 1 - STOP_SHARE && up / usualUp >= keptDown + STOP_SHARE;
  }

  private Map<String, String[]> callEdges() {
    Map<String, String[]> out = new TreeMap<>();
    for (String caller : g.nodes()) {
      for (String callee : g.callees(caller)) {
        out.put(caller + "\u0000" + callee, new String[] {caller, callee});
      }
    }
    return out;
  }

  /**
   * Errors a node reports that its callees' error series do not explain came from a callee that shows stopped calls
   * (see {@link #inferStoppedCalls()}), when there is one: the callee failed, the node only passed the failure on.
   * Else, when a call edge of the node is delayed on the caller side ({@link CallerSideDelay}), they are that edge's
   * timeouts and resets (packet loss). The residual then counts at that callee, not at the node.
   */
  private void transferUnexplainedErrors() {
    for (String node : table.nodesWithSeries()) {
      String callee = errorSink(node);
      if (callee == null) {
        continue;
      }
      table.node(node).forEach((metric, c) -> {
        if (MetricKind.of(metric) == MetricKind.ERRORS && c.rising()) {
          add(transferred.computeIfAbsent(callee, k -> new ArrayList<>()), node + "->" + callee + " " + metric,
              "errors", W_OWN * residual(c, errorExplanation(node, metric)), c);
        }
      });
    }
  }

  /**
   * Where a node's unexplained errors come from: the callee that stopped being called, else the callee whose call
   * edge is delayed on the caller side (timeouts and resets of a lossy or slow network to it), else null.
   */
  private String errorSink(String node) {
    String failing = failingCallee(node);
    return failing != null ? failing : gappedCallee(node);
  }

  /** The callee of {@code node} with the strongest stopped-calls evidence, or null. */
  private String failingCallee(String node) {
    String best = null;
    double bestScore = 0;
    for (String callee : g.callees(node)) {
      List<Evidence> e = stoppedCalls.getOrDefault(callee, List.of());
      if (!e.isEmpty() && e.get(0).score() > bestScore) {
        bestScore = e.get(0).score();
        best = callee;
      }
    }
    return best;
  }

  /**
   * A caller's client-latency rise that its callees' server latency does not explain happened on the way to a
   * callee: when one of its call edges shows a rising caller-minus-callee gap, or it re-sends calls to a callee
   * ({@link #clientLatencySink(String)}), the residual goes to that callee (packet loss and network delay show only
   * at the caller), not to the caller.
   */
  private void transferClientResiduals() {
    for (String node : table.nodesWithSeries()) {
      String callee = clientLatencySink(node);
      if (callee == null) {
        continue;
      }
      List<Evidence> fam = new ArrayList<>();
      table.node(node).forEach((metric, c) -> {
        if (MetricKind.of(metric) == MetricKind.CLIENT_LATENCY && c.z() > 0) {
          add(fam, node + "->" + callee + " " + metric, "client-latency", W_CLIENT * residual(c,
              clientExplanation(node, metric)), c);
        }
      });
      poolQuantiles(fam, node);
      transferred.computeIfAbsent(callee, k -> new ArrayList<>()).addAll(fam);
    }
  }

  /** The callee of {@code node} whose call edge is most delayed on the caller side, or null. */
  private String gappedCallee(String node) {
    List<CallerSideDelay.Delay> d = delays.from(node);
    return d.isEmpty() ? null : d.get(0).callee();
  }

  /**
   * Where a node's unexplained client latency happened: on the most delayed call edge, else on the edge to the callee
   * it re-sends calls to ({@link RetryOverload}: a lossy edge too weak to show in the median gap shows in the
   * retries' tail latency), else null (it stays the node's own).
   */
  private String clientLatencySink(String node) {
    String gapped = gappedCallee(node);
    return gapped != null ? gapped : retries.targetOf(node);
  }

  List<Evidence> collect(String node) {
    List<Evidence> out = new ArrayList<>();
    Map<String, SeriesChange> own = table.node(node);
    own.forEach((metric, c) -> {
      if (c.z() <= 0) {
        return;
      }
      MetricKind kind = MetricKind.of(metric);
      switch (kind) {
        case RESOURCE, GENERIC -> add(out, metric, "resource", c.rising() ? W_OWN * loadResidual(node, c)
            : W_DROP * c.strength(), c);
        case HOST -> add(out, metric, "host", W_HOST * c.strength(), c);
        case LATENCY -> add(out, metric, "own-latency", W_OWN * residual(c,
            Math.max(latencyExplanation(node, metric), siblingExplanation(node, kind))), c);
        case CLIENT_LATENCY -> {
          if (clientLatencySink(node) == null) {
            add(out, metric, "client-latency", W_CLIENT * residual(c, clientExplanation(node, metric)), c);
          }
        }
        case ERRORS -> {
          if (errorSink(node) == null) {
            add(out, metric, "errors", W_OWN * residual(c,
                Math.max(errorExplanation(node, metric), siblingExplanation(node, kind))), c);
          }
        }
        case TRAFFIC -> {
          if (!c.rising() || !started.movesToCallers(node)) {
            add(out, metric, "traffic", W_TRAFFIC * trafficResidual(node, metric, c), c);
          }
        }
        default -> { }
      }
    });
    poolQuantiles(out, node);
    out.addAll(gapEvidence.getOrDefault(node, List.of()));
    out.addAll(transferred.getOrDefault(node, List.of()));
    out.addAll(stoppedCalls.getOrDefault(node, List.of()));
    out.addAll(startedCalls.getOrDefault(node, List.of()));
    out.addAll(logEvidence(node));
    out.removeIf(e -> e.score() <= 0);
    out.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : a.subject().compareTo(b.subject()));
    return out;
  }

  /** Pools each latency family into one signal ({@link LatencyFamily}). */
  private void poolQuantiles(List<Evidence> out, String node) {
    LatencyFamily.pool(out, List.of("own-latency", "client-latency"), e -> riseSeconds(node, e.subject()));
  }

  /** The rise of the series a latency evidence names: {@code metric} of the node, or {@code caller->callee metric}. */
  private double riseSeconds(String node, String subject) {
    int arrow = subject.indexOf("->");
    int space = subject.lastIndexOf(' ');
    String owner = arrow > 0 && space > arrow ? subject.substring(0, arrow) : node;
    SeriesChange c = table.node(owner).get(space > 0 ? subject.substring(space + 1) : subject);
    return c == null ? 0 : c.signedDelta();
  }

  private void add(List<Evidence> out, String subject, String kind, double score, SeriesChange c) {
    out.add(new Evidence(subject, kind, score, c.z(), onset(c.onsetIndex())));
  }

  Long onset(int index) {
    return index < 0 ? null : in.timestampsSeconds()[index];
  }

  /**
   * Strength of a resource rise at a node loaded by another service's retries ({@link RetryOverload}) after removing
   * what that extra traffic explains: a load-proportional metric rises by its baseline times the relative traffic
   * rise (with {@link RetryOverload#LOAD_SLACK} for the non-linear part); the plain strength elsewhere.
   */
  private double loadResidual(String node, SeriesChange c) {
    RetryOverload.Load load = retries.loadedBy(node);
    if (load == null) {
      return c.strength();
    }
    return residual(c, Math.abs(c.median()) * load.relativeRise() * RetryOverload.LOAD_SLACK);
  }

  /** Strength of a rise after removing the part explained by {@code explainedDelta} (same unit). */
  private static double residual(SeriesChange c, double explainedDelta) {
    if (!c.rising()) {
      return 0;
    }
    double share = Math.min(1, Math.max(0, explainedDelta) / c.signedDelta());
    return SeriesChange.compress(c.z() * (1 - share));
  }

  private double latencyExplanation(String node, String metric) {
    String q = quantileSuffix(metric);
    double e = table.riseDelta(table.node(node), MetricKind.CLIENT_LATENCY, q);
    for (String callee : g.callees(node)) {
      e = Math.max(e, table.riseDelta(table.node(callee), MetricKind.LATENCY, q));
      e = Math.max(e, table.riseDelta(table.edge(node, callee), MetricKind.CLIENT_LATENCY, null));
    }
    return e;
  }

  private double clientExplanation(String node, String metric) {
    String q = quantileSuffix(metric);
    double e = 0;
    for (String callee : g.callees(node)) {
      e = Math.max(e, table.riseDelta(table.node(callee), MetricKind.LATENCY, q));
      e = Math.max(e, table.riseDelta(table.edge(node, callee), MetricKind.CLIENT_LATENCY, null));
    }
    return e;
  }

  private double errorExplanation(String node, String metric) {
    double e = 0;
    for (String callee : g.callees(node)) {
      e = Math.max(e, table.riseDelta(table.node(callee), MetricKind.ERRORS, metric));
    }
    return e;
  }

  /**
   * An opaque endpoint (no callees, no metrics of its own: only what its callers measure of their calls to it, e.g. a
   * load balancer or an uninstrumented remote) is often a second view of a service its callers also reach directly.
   * When such a transparent sibling (another callee of one of its callers, with callees or resource metrics of its
   * own) shows a rise of the same kind, that sibling is the more specific candidate: the rise explains the opaque
   * node's. Returns the largest such rise, 0 when the node is not opaque.
   */
  private double siblingExplanation(String node, MetricKind kind) {
    if (!opaque(node)) {
      return 0;
    }
    double e = 0;
    for (String caller : g.callers(node)) {
      for (String sibling : g.callees(caller)) {
        if (!sibling.equals(node) && !opaque(sibling)) {
          e = Math.max(e, table.riseDelta(table.node(sibling), kind, null));
        }
      }
    }
    return e;
  }

  /** No callees and no series other than those its callers observe (latency, errors, traffic). */
  private boolean opaque(String node) {
    if (!g.callees(node).isEmpty()) {
      return false;
    }
    for (String metric : table.node(node).keySet()) {
      MetricKind k = MetricKind.of(metric);
      if (k != MetricKind.LATENCY && k != MetricKind.ERRORS && k != MetricKind.TRAFFIC) {
        return false;
      }
    }
    return true;
  }

  /** Traffic change not explained by the relative change of the callers' traffic (same direction). */
  private double trafficResidual(String node, String metric, SeriesChange c) {
    double rel = relative(c);
    if (rel == 0) {
      return 0;
    }
    double explained = 0;
    for (String caller : g.callers(node)) {
      SeriesChange cc = table.node(caller).get(metric);
      if (cc != null && Math.signum(relative(cc)) == Math.signum(rel)) {
        explained = Math.max(explained, Math.abs(relative(cc)));
      }
    }
    double share = Math.min(1, explained / Math.abs(rel));
    double s = SeriesChange.compress(c.z() * (1 - share));
    return c.rising() ? s : W_DROP * s;
  }

  private static double relative(SeriesChange c) {
    double base = Math.abs(c.median());
    return base > 0 ? c.signedDelta() / base : Math.signum(c.signedDelta());
  }

  private static String quantileSuffix(String metric) {
    int i = metric.lastIndexOf("_p");
    if (i >= 0) {
      return metric.substring(i);
    }
    i = metric.lastIndexOf("_mean");
    return i >= 0 ? metric.substring(i) : null;
  }

  /**
   * Attributes each delayed edge ({@link CallerSideDelay}) to the endpoint whose measured edges in that direction are
   * most consistently delayed: the callee when most of its incoming edges are (its ingress is slow, whoever calls),
   * the caller when more of its outgoing edges are (its own egress is slow, whatever it calls); the callee on a tie,
   * as a delay seen only by the caller is the callee's network by default.
   */
  private void attributeGaps() {
    for (CallerSideDelay.Delay d : delays.all()) {
      String to = delays.delayedShareOut(d.caller()) > delays.delayedShareIn(d.callee()) ? d.caller() : d.callee();
      gapEvidence.computeIfAbsent(to, k -> new ArrayList<>()).add(new Evidence(
          d.caller() + "->" + d.callee() + " caller-minus-callee " + d.quantile(), "network-gap",
          W_OWN * SeriesChange.compress(d.z()), d.z(), onset(d.onsetIndex())));
    }
  }


  /** A burst of a template at the node from one step before the incident on, against its earlier counts. */
  private List<Evidence> logEvidence(String node) {
    if (in.events().isEmpty()) {
      return List.of();
    }
    long[] ts = in.timestampsSeconds();
    Map<String, double[]> counts = new TreeMap<>();
    for (LogEvent ev : in.events()) {
      if (!ev.service().equals(node)) {
        continue;
      }
      int i = java.util.Arrays.binarySearch(ts, ev.timestampSeconds());
      i = i >= 0 ? i : -i - 2;
      if (i >= 0) {
        counts.computeIfAbsent(ev.template(), k -> new double[ts.length])[i] += ev.count();
      }
    }
    RobustChangeScore scorer = new RobustChangeScore(ts.length);
    int start = Math.max(1, in.incidentIndex() - 1);
    List<Evidence> out = new ArrayList<>();
    counts.forEach((template, v) -> {
      SeriesChange c = scorer.score(v, start, v.length, MetricKind.GENERIC);
      if (c.rising()) {
        add(out, "log " + template, "logs", W_OWN * c.strength(), c);
      }
    });
    return out;
  }
}
