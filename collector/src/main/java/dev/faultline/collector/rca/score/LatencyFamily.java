package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.Evidence;
import java.util.ArrayList;
import java.util.List;

/**
 * One latency signal per family (a service's server latency, or its client latency): the quantiles of a family move
 * together when the service itself is slow, while a lone tail quantile often moves on a few slow requests. The
 * family's evidence is the mean of its quantiles' scores, reported under its strongest quantile.
 *
 * <p>The median carries the other quantiles with it: each quantile counts at least as much as the median. A delay
 * added to every request shifts the median and the tail by the same time, but the tail's baseline spread is wider,
 * so the same shift is fewer spreads there; without this the tail's noise band would dilute a clear shift of the
 * median. Tail quantiles do not lift each other (a tail rising alone, even over several quantiles, is still diluted
 * by a quiet median), and a mean keeps its own score. The median is the {@code _p50} member of the family.
 */
final class LatencyFamily {
  private LatencyFamily() {
  }

  /** Replaces the members of each family kind in {@code out} by one pooled evidence (families of one stay as they are). */
  static void pool(List<Evidence> out, List<String> kinds) {
    for (String kind : kinds) {
      List<Evidence> fam = new ArrayList<>();
      for (Evidence e : out) {
        if (e.kind().equals(kind)) {
          fam.add(e);
        }
      }
      if (fam.size() < 2) {
        continue;
      }
      out.removeIf(e -> e.kind().equals(kind));
      out.add(pooled(kind, fam));
    }
  }

  static Evidence pooled(String kind, List<Evidence> fam) {
    Evidence best = fam.get(0);
    Long onset = null;
    for (Evidence e : fam) {
      best = e.score() > best.score() ? e : best;
      if (e.onsetSeconds() != null && (onset == null || e.onsetSeconds() < onset)) {
        onset = e.onsetSeconds();
      }
    }
    double median = 0;
    for (Evidence e : fam) {
      median = quantile(e) == 50 ? Math.max(median, e.score()) : median;
    }
    double sum = 0;
    for (Evidence e : fam) {
      sum += Double.isNaN(quantile(e)) ? e.score() : Math.max(median, e.score());
    }
    return new Evidence(best.subject(), kind, sum / fam.size(), best.change(), onset);
  }

  /** The quantile in percent named in the subject ({@code ..._p90_...} -> 90), NaN for a non-quantile. */
  static double quantile(Evidence e) {
    String s = e.subject();
    int i = s.lastIndexOf("_p");
    if (i < 0) {
      return Double.NaN;
    }
    int j = i + 2;
    while (j < s.length() && Character.isDigit(s.charAt(j))) {
      j++;
    }
    return j == i + 2 ? Double.NaN : Double.parseDouble(s.substring(i + 2, j));
  }
}
