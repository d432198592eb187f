package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Offline incident start: the onset of the most recent coherent, sustained step away from the level before it.
 *
 * <p>Per series and candidate split s: level M and scale S from the points before s ({@link StepLevel}: median;
 * max(IQR/1.349, floor of the metric kind), widened when few points stand behind it; earlier short episodes in the
 * history do not move a median). With d(x) = sigma (x - M) / S for the direction sigma in {+1, -1} that gives the
 * larger value, the step strength is {@code min(d(x[s]), d(x[s+1])) - max(0, d(x[s-1]), d(x[s-2]))}: the
 * {@value #POST} points after the split are away from the level (sustained, not a spike), the {@value #PRE} before
 * it are not, or less so. A return to normal (the end of an earlier fault) therefore scores nothing, and a baseline
 * spliced in from another recording (a step of its own) does not hide a later departure on top of it. Strengths
 * below {@value #DEAD_ZONE} scales are noise; the rest counts as ln(1 + (strength - dead zone)). Fleet step score at
 * s = mean over the top {@value #TOP_SHARE} share (at least {@value #TOP_MIN}) of the series, as a fault touches a
 * neighbourhood, not the fleet. The detected step is the latest local maximum whose fleet score is at least
 * {@value #SHARE} of the largest (a scenario is analysed for its last incident; earlier ones are its history); the
 * start is the onset of the episode that step belongs to ({@link EpisodeOnset}: a fault's later phase steps too).
 *
 * <p>Cost: O(n log n) per series of n points (the level and scale before each split come from
 * {@link PrefixQuantiles}, not from sorting the prefix again), plus O(n m log m) to take the top share of m series,
 * plus O(c m n log n) for the episode onset over the c (at most {@value EpisodeOnset#LOOK_BACK}) earlier candidates.
 */
final class StepChangeStart {
  static final int PRE = 2;
  static final int POST = 2;
  static final double DEAD_ZONE = 2;
  static final double SHARE = 0.3;
  static final double TOP_SHARE = 0.05;
  static final int TOP_MIN = 5;

  private StepChangeStart() {}

  /** @return the start in epoch seconds, or null when no split stands out */
  static Long detect(RcaInput in) {
    long[] ts = in.timestampsSeconds();
    int n = ts.length;
    if (n < PRE + POST) {
      return null;
    }
    List<SeriesKey> keys = new ArrayList<>(in.series().keySet());
    List<double[]> values = new ArrayList<>(in.series().values());
    double[][] strength = strength(keys, values, n);
    double[] fleet = fleet(strength, n, keys.size());
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
        return ts[EpisodeOnset.earliest(keys, values, strength, fleet, SHARE * max, s)];
      }
    }
    return null;
  }

  /** Fleet step score per split index (0 where undefined). */
  static double[] fleet(RcaInput in) {
    int n = in.timestampsSeconds().length;
    List<SeriesKey> keys = new ArrayList<>(in.series().keySet());
    return fleet(strength(keys, new ArrayList<>(in.series().values()), n), n, keys.size());
  }

  /** Per split and series, ln(1 + step strength beyond the dead zone); 0 where there is no step or no split. */
  static double[][] strength(List<SeriesKey> keys, List<double[]> values, int n) {
    int m = keys.size();
    double[][] strength = new double[n][m];
    for (int j = 0; j < m; j++) {
      double[] v = values.get(j);
      MetricKind kind = keys.get(j).kind();
      PrefixQuantiles ref = new PrefixQuantiles(v);
      int added = 0;
      for (int s = PRE; s + POST <= n; s++) {
        while (added < s) {
          ref.add(added++);
        }
        if (ref.size() == 0) {
          continue;
        }
        StepLevel level = StepLevel.of(ref, kind);
        double best = Math.max(level.step(v, s, 1), level.step(v, s, -1));
        strength[s][j] = Math.log1p(Math.max(0, best - DEAD_ZONE));
      }
    }
    return strength;
  }

  private static double[] fleet(double[][] strength, int n, int m) {
    int k = Math.min(m, Math.max(TOP_MIN, (int) Math.ceil(TOP_SHARE * m)));
    double[] out = new double[n];
    for (int s = 0; s < n && k > 0; s++) {
      double[] row = strength[s].clone();
      Arrays.sort(row);
      double sum = 0;
      for (int q = m - k; q < m; q++) {
        sum += row[q];
      }
      out[s] = sum / k;
    }
    return out;
  }
}
