package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Delay added on a call edge outside the callee's server: network delay and packet loss (retransmissions) show only
 * in the caller's client latency on that edge, while the callee looks healthy.
 *
 * <p>Per edge with a client-side latency series and a server-side one of the same quantile (the edge's own, else
 * the callee's service series), the shift of the caller-minus-callee gap is measured as the change of its median
 * (post window against baseline), in baseline spreads of the gap. Medians, not the largest deviations: the two sides
 * are sampled separately, so when the callee's latency grows (a slow callee, or a callee waiting on a slow callee of
 * its own) the gap's point-to-point noise grows with it, but its median stays where the network puts it. An edge
 * counts as delayed when
 * <ul>
 *   <li>the median shift is at least {@value #MIN_STANDARD_ERRORS} standard errors of a post-window median
 *       (1.253 spread / sqrt(points)) and at least the latency unit floor, and
 *   <li>the callee's own latency rose by less than the shift (median against median): a callee that is slow itself
 *       explains its callers' rise, whatever the gap does.
 * </ul>
 * Pure and deterministic; built once per analysis.
 */
final class CallerSideDelay {
  /** How many standard errors of the post-window median the gap's median must move. */
  static final double MIN_STANDARD_ERRORS = 4;
  private static final double MEDIAN_SE_FACTOR = 1.253;

  /**
   * One delayed edge.
   *
   * @param quantile the server metric compared (e.g. {@code latency_p50_seconds})
   * @param z the gap's median shift in baseline spreads of the gap
   * @param onsetIndex first post index where the gap is {@link RobustChangeScore#ONSET_THRESHOLD} spreads above
   *     its baseline median, or -1
   */
  record Delay(String caller, String callee, String quantile, double z, int onsetIndex) {}

  private final Map<String, Map<String, Delay>> byCaller = new TreeMap<>();
  /** Per caller, the callees whose edge has both latency sides; per callee, such callers. */
  private final Map<String, Set<String>> measuredCallees = new TreeMap<>();
  private final Map<String, Set<String>> measuredCallers = new TreeMap<>();

  CallerSideDelay(RcaInput in) {
    int idx = in.incidentIndex();
    int end = in.timestampsSeconds().length;
    if (idx < 2 || idx >= end) {
      return;
    }
    for (ClientLatencyGap pair : ClientLatencyGap.of(in)) {
      measuredCallees.computeIfAbsent(pair.caller(), c -> new TreeSet<>()).add(pair.callee());
      measuredCallers.computeIfAbsent(pair.callee(), c -> new TreeSet<>()).add(pair.caller());
      Delay d = measure(pair, idx, end);
      if (d != null) {
        Delay old = delay(pair.caller(), pair.callee());
        if (old == null || d.z() > old.z()) {
          byCaller.computeIfAbsent(pair.caller(), c -> new TreeMap<>()).put(pair.callee(), d);
        }
      }
    }
  }

  /** The delay measured on the edge, or null when it does not count as delayed. */
  static Delay measure(ClientLatencyGap pair, int idx, int end) {
    double[] gap = pair.gap();
    double[] pre = RobustChangeScore.sortedFinite(gap, 0, idx);
    if (pre.length < 2) {
      return null;
    }
    double level = RobustChangeScore.quantile(pre, 0.5);
    double scale = RobustChangeScore.scale(pre, level, MetricKind.LATENCY, 0);
    int stop = Math.min(end, gap.length);
    int onset = -1;
    for (int i = idx; i < stop && onset < 0; i++) {
      if (gap[i] - level >= RobustChangeScore.ONSET_THRESHOLD * scale) {
        onset = i;
      }
    }
    if (onset < 0) {
      return null;
    }
    // from the gap's own onset: a start taken a few points early must not dilute the median with normal points
    double[] post = RobustChangeScore.sortedFinite(gap, onset, stop);
    double shift = RobustChangeScore.quantile(post, 0.5) - level;
    double calleeRise = medianShift(pair.server(), idx, onset, end);
    if (!(shift >= MIN_STANDARD_ERRORS * MEDIAN_SE_FACTOR * scale / Math.sqrt(post.length))
        || !(shift > Math.max(0, calleeRise))) {
      return null;
    }
    return new Delay(pair.caller(), pair.callee(), pair.quantile(), shift / scale, onset);
  }

  /** The edge's delay, or null. */
  Delay delay(String caller, String callee) {
    return byCaller.getOrDefault(caller, Map.of()).get(callee);
  }

  /** Delayed edges leaving {@code caller}, strongest first. */
  List<Delay> from(String caller) {
    List<Delay> out = new ArrayList<>(byCaller.getOrDefault(caller, Map.of()).values());
    out.sort((a, b) -> a.z() != b.z() ? Double.compare(b.z(), a.z()) : a.callee().compareTo(b.callee()));
    return out;
  }

  /** Share of {@code caller}'s measured outgoing edges that are delayed (0 when none is measured). */
  double delayedShareOut(String caller) {
    int measured = measuredCallees.getOrDefault(caller, Set.of()).size();
    return measured == 0 ? 0 : byCaller.getOrDefault(caller, Map.of()).size() / (double) measured;
  }

  /** Share of {@code callee}'s measured incoming edges that are delayed (0 when none is measured). */
  double delayedShareIn(String callee) {
    int measured = measuredCallers.getOrDefault(callee, Set.of()).size();
    long delayed = byCaller.values().stream().filter(m -> m.containsKey(callee)).count();
    return measured == 0 ? 0 : delayed / (double) measured;
  }

  /** Every delayed edge, in caller then callee order. */
  List<Delay> all() {
    List<Delay> out = new ArrayList<>();
    byCaller.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  private static double medianShift(double[] v, int idx, int from, int end) {
    double[] pre = RobustChangeScore.sortedFinite(v, 0, idx);
    double[] post = RobustChangeScore.sortedFinite(v, from, Math.min(end, v.length));
    if (pre.length == 0 || post.length == 0) {
      return 0;
    }
    return RobustChangeScore.quantile(post, 0.5) - RobustChangeScore.quantile(pre, 0.5);
  }
}
