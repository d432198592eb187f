package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import java.util.Arrays;

/**
 * Offline incident start: the onset of the most recent coherent, sustained step away from the level before it.
 *
 * <p>Per series and candidate split s: level M and scale S from the points before s (median; max(IQR/1.349, floor
 * of the metric kind), so earlier short episodes in the history do not move them). With d(x) = sigma (x - M) / S for
 * the direction sigma in {+1, -1} that gives the larger value, the step strength is
 * {@code min(d(x[s]), d(x[s+1])) - max(0, d(x[s-1]), d(x[s-2]))}: the {@value #POST} points after the split are away
 * from the level (sustained, not a spike), the {@value #PRE} before it are not, or less so. A return to normal (the
 * end of an earlier fault) therefore scores nothing, and a baseline spliced in from another recording (a step of
 * its own) does not hide a later departure on top of it. Strengths below {@value #DEAD_ZONE} scales are noise; the
 * rest counts as ln(1 + (strength - dead zone)). Fleet step score at s = mean over the top tenth (at least 5) of the
 * series, as a fault touches a neighbourhood, not the fleet. The start is the latest local maximum whose fleet score
 * is at least {@value #SHARE} of the largest (a scenario is analysed for its last incident; earlier ones are its
 * history).
 *
 * <p>Cost: O(n log n) per series of n points (the level and scale before each split come from
 * {@link PrefixQuantiles}, not from sorting the prefix again), plus O(n m log m) to take the top tenth of m series.
 */
final class StepChangeStart {
  static final int PRE = 2;
  static final int POST = 2;
  static final double DEAD_ZONE = 2;
  static final double SHARE = 0.3;
  static final double TOP_SHARE = 0.1;
  static final int TOP_MIN = 5;

  private StepChangeStart() {}

  /** @return the start in epoch seconds, or null when no split stands out */
  static Long detect(RcaInput in) {
    long[] ts = in.timestampsSeconds();
    int n = ts.length;
    if (n < PRE + POST) {
      return null;
    }
    double[] fleet = fleet(in);
    double max = 0;
    for (double f : fleet) {
      max = Math.max(max, f);
    }
    if (max <= 0) {
      return null;
    }
    for (int s = n - POST; s >= PRE; s--) {
      boolean localMax = fleet[s] >= fleet[s - 1] && (s + 1 > n - POST || fleet[s] >= fleet[s + 1]);
      if (localMax && fleet[s] >= SHARE * max) {
        return ts[s];
      }
    }
    return null;
  }

  /** Fleet step score per split index (0 where undefined). */
  static double[] fleet(RcaInput in) {
    int n = in.timestampsSeconds().length;
    int m = in.series().size();
    double[][] strength = new double[n][m];
    int j = 0;
    for (var e : in.series().entrySet()) {
      double[] v = e.getValue();
      MetricKind kind = e.getKey().kind();
      PrefixQuantiles ref = new PrefixQuantiles(v);
      int added = 0;
      for (int s = PRE; s + POST <= n; s++) {
        while (added < s) {
          ref.add(added++);
        }
        if (ref.size() == 0) {
          continue;
        }
        double med = ref.quantile(0.5);
        double iqr = ref.quantile(0.75) - ref.quantile(0.25);
        double scale = Math.max(iqr / 1.349, Math.max(kind.absoluteFloor(), kind.relativeFloor() * Math.abs(med)));
        boolean constant = iqr == 0 && !kind.hasUnitFloor();
        double best = 0;
        for (int sign = -1; sign <= 1; sign += 2) {
          double after = Double.MAX_VALUE;
          for (int q = s; q < s + POST; q++) {
            after = Math.min(after, dev(v[q], med, scale, sign, constant));
          }
          double before = 0;
          for (int q = s - PRE; q < s; q++) {
            before = Math.max(before, dev(v[q], med, scale, sign, constant));
          }
          best = Math.max(best, after - before);
        }
        strength[s][j] = Math.log1p(Math.max(0, best - DEAD_ZONE));
      }
      j++;
    }
    int k = Math.min(m, Math.max(TOP_MIN, (int) Math.ceil(TOP_SHARE * m)));
    double[] out = new double[n];
    for (int s = 0; s < n && k > 0; s++) {
      double[] row = strength[s];
      Arrays.sort(row);
      double sum = 0;
      for (int q = m - k; q < m; q++) {
        sum += row[q];
      }
      out[s] = sum / k;
    }
    return out;
  }

  private static double dev(double x, double med, double scale, int sign, boolean constant) {
    if (!Double.isFinite(x)) {
      return 0;
    }
    double d = sign * (x - med) / scale;
    return constant ? Math.min(d, RobustChangeScore.ZERO_SPREAD_CAP) : d;
  }
}
