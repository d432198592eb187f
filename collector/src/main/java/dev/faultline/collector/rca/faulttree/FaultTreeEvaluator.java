package dev.faultline.collector.rca.faulttree;

import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.score.RobustChangeScore;
import dev.faultline.collector.rca.score.SeriesChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates a fault tree against an incident: each basic event's condition is checked with the same robust change
 * score the rankers use; the tree is evaluated as a Boolean function of the observed events; minimal cut sets are
 * ranked by their probability given the observations. Pure and deterministic.
 */
public final class FaultTreeEvaluator {
  private static final RobustChangeScore SCORER = new RobustChangeScore(240);

  private FaultTreeEvaluator() {}

  public static FaultTreeResult evaluate(FaultTree tree, RcaInput in) {
    Map<String, String> observed = observe(tree, in);
    return evaluate(tree, observed);
  }

  /** Evaluation for given observations (basic event id -> evidence text). */
  public static FaultTreeResult evaluate(FaultTree tree, Map<String, String> observed) {
    List<Set<String>> mcs = MinimalCutSets.of(tree);
    List<FaultTreeResult.CutSet> sets = new ArrayList<>();
    double noTop = 1;
    double total = 0;
    double[] like = new double[mcs.size()];
    for (int i = 0; i < mcs.size(); i++) {
      double prior = 1;
      double l = 1;
      for (String e : mcs.get(i)) {
        double p = tree.basicEvents().get(e).probability();
        prior *= p;
        l *= observed.containsKey(e) ? 1 : p;
      }
      noTop *= 1 - prior;
      like[i] = l;
      total += l;
    }
    for (int i = 0; i < mcs.size(); i++) {
      double prior = 1;
      for (String e : mcs.get(i)) {
        prior *= tree.basicEvents().get(e).probability();
      }
      boolean complete = observed.keySet().containsAll(mcs.get(i));
      sets.add(new FaultTreeResult.CutSet(mcs.get(i), prior, total > 0 ? like[i] / total : 0, complete));
    }
    sets.sort(Comparator.comparingDouble(FaultTreeResult.CutSet::posterior).reversed()
        .thenComparingInt(c -> c.events().size()).thenComparing(c -> c.events().toString()));
    boolean top = holds(tree, tree.top(), observed.keySet());
    return new FaultTreeResult(tree.name(), observed, top, !observed.isEmpty(), 1 - noTop, sets);
  }

  /** Boolean value of an event given the observed basic events. */
  static boolean holds(FaultTree tree, String id, Set<String> observed) {
    FaultTree.Gate g = tree.gates().get(id);
    if (g == null) {
      return observed.contains(id);
    }
    if (g.type() == FaultTree.GateType.AND) {
      return g.inputs().stream().allMatch(i -> holds(tree, i, observed));
    }
    return g.inputs().stream().anyMatch(i -> holds(tree, i, observed));
  }

  private static Map<String, String> observe(FaultTree tree, RcaInput in) {
    Map<String, String> out = new TreeMap<>();
    int idx = in.incidentIndex();
    int end = in.timestampsSeconds().length;
    for (FaultTree.BasicEvent b : tree.basicEvents().values()) {
      FaultTree.Condition c = b.condition();
      if (c == null) {
        continue;
      }
      for (Map.Entry<SeriesKey, double[]> e : in.series().entrySet()) {
        SeriesKey k = e.getKey();
        if (!k.metric().equals(c.metric()) || !(c.service().equals("*") || c.service().equals(k.service()))) {
          continue;
        }
        SeriesChange ch = SCORER.score(e.getValue(), idx, end, MetricKind.of(k.metric()));
        boolean dir = switch (c.direction()) {
          case "up" -> ch.rising();
          case "down" -> ch.signedDelta() < 0;
          default -> true;
        };
        if (dir && ch.z() >= c.minChange()) {
          out.put(b.id(), String.format("%s changed %.1f spreads", k, ch.z()));
          break;
        }
      }
    }
    return out;
  }
}
