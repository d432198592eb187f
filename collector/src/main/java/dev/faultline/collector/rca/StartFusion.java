package dev.faultline.collector.rca;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the rankings made at a few candidate incident starts into one, so that a wrong first choice of the start
 * does not decide alone. Each ranking is scaled to its best score (scores are comparable within one ranking only);
 * a service's fused score is the sum over candidates of weight x its scaled score (negative scores count as 0). The
 * cause keeps the evidence, path and explanation of the candidate that contributed most to it. One ranking is
 * returned as it is. Pure and deterministic (ties broken by service name).
 */
public final class StartFusion {
  private StartFusion() {}

  /** One ranking and the weight of the start it was made at. */
  public record Weighted(long startSeconds, double weight, Ranking ranking) {}

  /** @param rankings at least one, heaviest (or the detector's first choice) first */
  public static List<RankedCause> fuse(List<Weighted> rankings) {
    if (rankings.isEmpty()) {
      throw new IllegalArgumentException("no rankings to fuse");
    }
    if (rankings.size() == 1) {
      return rankings.get(0).ranking().causes();
    }
    Map<String, Double> total = new LinkedHashMap<>();
    Map<String, RankedCause> source = new LinkedHashMap<>();
    Map<String, Double> bestPart = new LinkedHashMap<>();
    Map<String, Long> sourceStart = new LinkedHashMap<>();
    for (Weighted w : rankings) {
      double top = 0;
      for (RankedCause c : w.ranking().causes()) {
        top = Math.max(top, c.score());
      }
      double scale = top > 0 ? top : 1;
      for (RankedCause c : w.ranking().causes()) {
        double part = w.weight() * Math.max(0, c.score()) / scale;
        total.merge(c.service(), part, Double::sum);
        if (!source.containsKey(c.service()) || part > bestPart.get(c.service())) {
          source.put(c.service(), c);
          bestPart.put(c.service(), part);
          sourceStart.put(c.service(), w.startSeconds());
        }
      }
    }
    String starts = describe(rankings);
    List<RankedCause> out = new ArrayList<>();
    total.forEach((service, score) -> {
      RankedCause c = source.get(service);
      out.add(new RankedCause(service, score, c.metric(), c.path(), c.onsetSeconds(), c.evidence(),
          c.explanation() + " [ranked at " + starts + "; evidence from the start " + sourceStart.get(service) + "]"));
    });
    out.sort(Comparator.comparingDouble(RankedCause::score).reversed().thenComparing(RankedCause::service));
    return out;
  }

  private static String describe(List<Weighted> rankings) {
    StringBuilder b = new StringBuilder(rankings.size() + " candidate starts (");
    for (int i = 0; i < rankings.size(); i++) {
      Weighted w = rankings.get(i);
      b.append(i == 0 ? "" : ", ").append(w.startSeconds()).append(" weight ")
          .append(String.format(java.util.Locale.ROOT, "%.3f", w.weight()));
    }
    return b.append(')').toString();
  }
}
