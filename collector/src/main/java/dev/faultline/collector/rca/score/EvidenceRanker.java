package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.Evidence;
import dev.faultline.collector.rca.RankedCause;
import dev.faultline.collector.rca.Ranking;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.RootCauseRanker;
import dev.faultline.collector.rca.graph.PersonalizedPageRank;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The default ranker: propagation-aware robust evidence, re-weighted by onset order and a personalised random walk.
 *
 * <ol>
 *   <li>every series gets a robust change score against its own baseline ({@link RobustChangeScore});
 *   <li>{@link NodeEvidence} keeps per node only what its neighbours do not explain (propagation direction);
 *   <li>own score = best evidence + {@value #SECOND_WEIGHT} x second best (independent corroboration);
 *   <li>onset: a node whose evidence starts k steps after the earliest strong onset loses
 *       {@value #LATE_PENALTY_PER_STEP} per step (up to 3): a fault shows first where it starts;
 *   <li>random walk (MicroRCA/MonitorRank): from each node to its callees in proportion to their raw anomaly,
 *       back to callers at {@value #BACK_WEIGHT}, staying in proportion to its own score; personalised by the own
 *       score. Final = own x ({@code 1 - W_WALK + W_WALK * walk / max walk}).
 * </ol>
 * Ties are broken by node name. Pure and deterministic.
 */
public final class EvidenceRanker implements RootCauseRanker {
  static final double SECOND_WEIGHT = 0.25;
  static final double LATE_PENALTY_PER_STEP = 0.3;
  static final double BACK_WEIGHT = 0.1;
  static final double W_WALK = 0.25;
  static final int BASELINE_POINTS = 240;
  private static final int TOP_EVIDENCE = 3;

  private final RobustChangeScore scorer = new RobustChangeScore(BASELINE_POINTS);
  private final PersonalizedPageRank walk = new PersonalizedPageRank(0.85, 100, 1e-9);

  @Override
  public Ranking rank(RcaInput in) {
    ChangeTable table = new ChangeTable(in, scorer);
    NodeEvidence evidence = new NodeEvidence(in, table);
    List<String> nodes = nodes(in);
    int n = nodes.size();
    double[] own = new double[n];
    List<List<Evidence>> ev = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Evidence> e = evidence.collect(nodes.get(i));
      ev.add(e);
      own[i] = e.isEmpty() ? 0 : e.get(0).score() + (e.size() > 1 ? SECOND_WEIGHT * e.get(1).score() : 0);
    }
    Long[] onsets = onsets(ev);
    applyOnsetPenalty(own, onsets, in.stepSeconds());
    double[] walked = walk(in.topology(), nodes, own, table);
    double maxWalk = 0;
    for (double w : walked) {
      maxWalk = Math.max(maxWalk, w);
    }
    List<RankedCause> causes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double score = own[i] * (1 - W_WALK + W_WALK * (maxWalk > 0 ? walked[i] / maxWalk : 0));
      String node = nodes.get(i);
      List<Evidence> top = ev.get(i).subList(0, Math.min(TOP_EVIDENCE, ev.get(i).size()));
      List<String> path = symptomPath(in.topology(), node, table);
      causes.add(new RankedCause(node, round(score), top.isEmpty() ? null : top.get(0).subject(), path, onsets[i],
          top, explain(node, score, top, path)));
    }
    causes.sort(Comparator.comparingDouble(RankedCause::score).reversed().thenComparing(RankedCause::service));
    return new Ranking(in.incidentStartSeconds(), causes);
  }

  static List<String> nodes(RcaInput in) {
    Set<String> s = new TreeSet<>(in.topology().nodes());
    in.series().keySet().forEach(k -> s.add(k.service()));
    return new ArrayList<>(s);
  }

  /** Earliest onset among a node's strong evidence (strength of at least a 3-spread change). */
  private static Long[] onsets(List<List<Evidence>> ev) {
    Long[] out = new Long[ev.size()];
    double strong = SeriesChange.compress(RobustChangeScore.ONSET_THRESHOLD);
    for (int i = 0; i < ev.size(); i++) {
      for (Evidence e : ev.get(i)) {
        if (e.score() >= strong * 0.5 && e.onsetSeconds() != null
            && (out[i] == null || e.onsetSeconds() < out[i])) {
          out[i] = e.onsetSeconds();
        }
      }
    }
    return out;
  }

  private static void applyOnsetPenalty(double[] own, Long[] onsets, long step) {
    double max = 0;
    for (double o : own) {
      max = Math.max(max, o);
    }
    Long earliest = null;
    for (int i = 0; i < own.length; i++) {
      if (own[i] >= 0.5 * max && onsets[i] != null && (earliest == null || onsets[i] < earliest)) {
        earliest = onsets[i];
      }
    }
    if (earliest == null) {
      return;
    }
    for (int i = 0; i < own.length; i++) {
      if (onsets[i] != null) {
        long late = Math.min(3, (onsets[i] - earliest) / step);
        own[i] *= 1 - LATE_PENALTY_PER_STEP * late;
      }
    }
  }

  private double[] walk(TopologySnapshot g, List<String> nodes, double[] own, ChangeTable table) {
    int n = nodes.size();
    Map<String, Integer> index = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      index.put(nodes.get(i), i);
    }
    double[] raw = new double[n];
    for (int i = 0; i < n; i++) {
      raw[i] = table.rawAnomaly(nodes.get(i));
    }
    List<List<Integer>> to = new ArrayList<>();
    List<List<Double>> wt = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      to.add(new ArrayList<>(List.of(i)));
      wt.add(new ArrayList<>(List.of(own[i])));
    }
    for (int i = 0; i < n; i++) {
      for (String b : g.callees(nodes.get(i))) {
        int j = index.get(b);
        to.get(i).add(j);
        wt.get(i).add(raw[j]);
        to.get(j).add(i);
        wt.get(j).add(BACK_WEIGHT * raw[i]);
      }
    }
    int[][] targets = new int[n][];
    double[][] w = new double[n][];
    for (int i = 0; i < n; i++) {
      targets[i] = to.get(i).stream().mapToInt(Integer::intValue).toArray();
      w[i] = wt.get(i).stream().mapToDouble(Double::doubleValue).toArray();
    }
    return walk.compute(targets, w, own);
  }

  /** Root, then repeatedly the most anomalous caller not yet on the path, up to a node no anomalous caller calls. */
  static List<String> symptomPath(TopologySnapshot g, String root, ChangeTable table) {
    List<String> path = new ArrayList<>(List.of(root));
    Set<String> seen = new TreeSet<>(path);
    String cur = root;
    double min = SeriesChange.compress(RobustChangeScore.ONSET_THRESHOLD);
    while (true) {
      String best = null;
      double bestA = min;
      for (String c : g.callers(cur)) {
        double a = table.rawAnomaly(c);
        if (!seen.contains(c) && a >= bestA) {
          best = c;
          bestA = a;
        }
      }
      if (best == null) {
        return path;
      }
      path.add(best);
      seen.add(best);
      cur = best;
    }
  }

  private static String explain(String node, double score, List<Evidence> top, List<String> path) {
    if (top.isEmpty()) {
      return node + ": no change against its baseline";
    }
    StringBuilder sb = new StringBuilder(node).append(": ");
    for (int i = 0; i < top.size(); i++) {
      Evidence e = top.get(i);
      sb.append(i == 0 ? "" : "; ").append(e.kind()).append(' ').append(e.subject())
          .append(String.format(" changed %.1f baseline spreads", e.change()));
      if (e.onsetSeconds() != null) {
        sb.append(" from ").append(Instant.ofEpochSecond(e.onsetSeconds()));
      }
    }
    if (path.size() > 1) {
      sb.append("; propagates ").append(String.join(" -> ", path));
    }
    return sb.append(String.format("; score %.3f", score)).toString();
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
