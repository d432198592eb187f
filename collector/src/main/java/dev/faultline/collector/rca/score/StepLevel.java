package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;

/**
 * The level a series held before a candidate split, as {@link StepChangeStart} measures steps against it: median,
 * scale = max(IQR/1.349, the kind's floor) widened by {@code 1 + SMALL_SAMPLE / k} for a level estimated from only k
 * points (an IQR of two or three points says little about the noise: without this, the first splits of a window
 * light up on ordinary noise), and whether the points were all equal (then deviations are capped for kinds without
 * a meaningful unit, as in {@link RobustChangeScore}).
 *
 * @param median level before the split
 * @param scale noise scale, positive
 * @param constant the points before the split were all equal and the kind has no unit floor
 */
record StepLevel(double median, double scale, boolean constant) {
  /** Widening of the scale for a level from k points: {@code 1 + SMALL_SAMPLE / k}. */
  static final double SMALL_SAMPLE = 4;

  /** From the quantiles of the k finite points before the split (k = {@code ref.size() > 0}). */
  static StepLevel of(PrefixQuantiles ref, MetricKind kind) {
    double med = ref.quantile(0.5);
    double iqr = ref.quantile(0.75) - ref.quantile(0.25);
    double scale = Math.max(iqr / 1.349, Math.max(kind.absoluteFloor(), kind.relativeFloor() * Math.abs(med)));
    return new StepLevel(med, scale * (1 + SMALL_SAMPLE / ref.size()), iqr == 0 && !kind.hasUnitFloor());
  }

  /** The level of {@code v} before index {@code split}, or null when no finite point precedes it. */
  static StepLevel before(double[] v, int split, MetricKind kind) {
    PrefixQuantiles ref = new PrefixQuantiles(v);
    for (int i = 0; i < split; i++) {
      ref.add(i);
    }
    return ref.size() == 0 ? null : of(ref, kind);
  }

  /** Deviation of x from the level in scales, in direction sign (+1 up, -1 down); 0 for a missing point. */
  double dev(double x, int sign) {
    if (!Double.isFinite(x)) {
      return 0;
    }
    double d = sign * (x - median) / scale;
    return constant ? Math.min(d, RobustChangeScore.ZERO_SPREAD_CAP) : d;
  }

  /** Step strength at split s in direction sign: the least of the points after, minus the most of those before. */
  double step(double[] v, int s, int sign) {
    double after = Double.MAX_VALUE;
    for (int q = s; q < s + StepChangeStart.POST; q++) {
      after = Math.min(after, dev(v[q], sign));
    }
    double before = 0;
    for (int q = s - StepChangeStart.PRE; q < s; q++) {
      before = Math.max(before, dev(v[q], sign));
    }
    return after - before;
  }

  /** The direction (+1 or -1) of the larger step at s. */
  int direction(double[] v, int s) {
    return step(v, s, 1) >= step(v, s, -1) ? 1 : -1;
  }
}
