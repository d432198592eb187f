package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.Evidence;
import dev.faultline.collector.rca.RankedCause;
import dev.faultline.collector.rca.Ranking;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.RootCauseRanker;
import dev.faultline.collector.rca.SeriesKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain baseline: score of a series = max over post of |x - mean(pre)| / std(pre), a zero std replaced by 1
 * (as scikit-learn's StandardScaler, used by RCAEval); score of a node = max over its series. No topology.
 */
public final class NSigmaRanker implements RootCauseRanker {
  @Override
  public Ranking rank(RcaInput in) {
    int idx = in.incidentIndex();
    Map<String, Double> best = new TreeMap<>();
    Map<String, String> metric = new TreeMap<>();
    for (String node : EvidenceRanker.nodes(in)) {
      best.put(node, 0.0);
    }
    for (Map.Entry<SeriesKey, double[]> e : in.series().entrySet()) {
      double z = score(e.getValue(), idx);
      String s = e.getKey().service();
      if (z > best.get(s)) {
        best.put(s, z);
        metric.put(s, e.getKey().metric());
      }
    }
    List<RankedCause> out = new ArrayList<>();
    best.forEach((s, z) -> out.add(new RankedCause(s, z, metric.get(s), List.of(s), null,
        metric.containsKey(s) ? List.of(new Evidence(metric.get(s), "n-sigma", z, z, null)) : List.of(),
        s + ": " + (metric.containsKey(s) ? String.format("%s at %.1f sigma", metric.get(s), z) : "no change"))));
    out.sort(Comparator.comparingDouble(RankedCause::score).reversed().thenComparing(RankedCause::service));
    return new Ranking(in.incidentStartSeconds(), out);
  }

  static double score(double[] v, int idx) {
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int i = 0; i < idx; i++) {
      if (!Double.isNaN(v[i])) {
        sum += v[i];
        n++;
      }
    }
    if (n == 0) {
      return 0;
    }
    double mean = sum / n;
    for (int i = 0; i < idx; i++) {
      if (!Double.isNaN(v[i])) {
        sq += (v[i] - mean) * (v[i] - mean);
      }
    }
    double sd = Math.sqrt(sq / n);
    if (sd == 0) {
      sd = 1;
    }
    double z = 0;
    for (int i = idx; i < v.length; i++) {
      if (!Double.isNaN(v[i])) {
        z = Math.max(z, Math.abs(v[i] - mean) / sd);
      }
    }
    return z;
  }
}
