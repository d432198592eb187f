package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One latency signal per family (a service's server latency, or its client latency): the quantiles of a family move
 * together when the service itself is slow, while a lone tail quantile often moves on a few slow requests. The
 * family's evidence is the mean of its quantiles' scores, reported under its strongest quantile.
 *
 * <p>A delay added to every request shifts the median and the tail by the same time, but the tail's baseline
 * spread is wider, so the same shift is fewer spreads there; averaged as they are, the tail's noise band would dilute
 * a clear shift of the median. So a quantile that rose, in seconds, by at least {@value #SHARED_SHIFT} of the
 * median's rise counts at least as much as the median (the whole distribution moved). A quantile that rose less did
 * not share the shift (only the median moved, e.g. a bimodal distribution whose slow mode became the majority) and
 * keeps its own score; tail quantiles never lift each other (a tail rising alone is still diluted by a quiet median);
 * a mean keeps its own score. The median is the {@code _p50} member of the family.
 */
final class LatencyFamily {
  /** Share of the median's rise (seconds) a quantile must show to count as moved with it (sampling noise aside). */
  static final double SHARED_SHIFT = 0.5;

  private LatencyFamily() {
  }

  /**
   * Replaces the members of each family kind in {@code out} by one pooled evidence (families of one stay as they are).
   *
   * @param riseSeconds a member's rise against its baseline median, in seconds
   */
  static void pool(List<Evidence> out, List<String> kinds, ToDoubleFunction<Evidence> riseSeconds) {
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
      out.add(pooled(kind, fam, riseSeconds));
    }
  }

  static Evidence pooled(String kind, List<Evidence> fam, ToDoubleFunction<Evidence> riseSeconds) {
    Evidence best = fam.get(0);
    Long onset = null;
    for (Evidence e : fam) {
      best = e.score() > best.score() ? e : best;
      if (e.onsetSeconds() != null && (onset == null || e.onsetSeconds() < onset)) {
        onset = e.onsetSeconds();
      }
    }
    double median = 0;
    double medianRise = 0;
    for (Evidence e : fam) {
      if (quantile(e) == 50 && e.score() > median) {
        median = e.score();
        medianRise = riseSeconds.applyAsDouble(e);
      }
    }
    double sum = 0;
    for (Evidence e : fam) {
      boolean shared = medianRise > 0 && quantile(e) > 50 && riseSeconds.applyAsDouble(e) >= SHARED_SHIFT * medianRise;
      sum += shared ? Math.max(median, e.score()) : e.score();
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
