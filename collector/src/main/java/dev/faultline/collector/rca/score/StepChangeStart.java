package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * neighbourhood, not the fleet; at a fleet-wide load shift the steps the load explains do not count
 * ({@link LoadShift}). The detected step is the latest local maximum whose fleet score is at least
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
  /** Least fleet score, relative to the largest, of a later start candidate. */
  static final double CANDIDATE_SHARE = 0.1;
  /** Candidates handed to the analyser, the detected start included. */
  static final int MAX_CANDIDATES = 3;

  private StepChangeStart() {}

  /** @return the start in epoch seconds, or null when no split stands out */
  static Long detect(RcaInput in) {
    List<StartCandidate> c = candidates(in);
    return c.isEmpty() ? null : c.get(0).startSeconds();
  }

  /**
   * The detected start first, then up to {@value #MAX_CANDIDATES} - 1 others, heaviest first after it.
   *
   * <p>A later candidate is the onset of a local maximum after the detected step whose fleet score is below the
   * detector's share but at least {@value #CANDIDATE_SHARE} of the largest (a weak fault: a 3-point network delay,
   * an error burst on a few series, the first points of a slow leak) and that is not a change of regime
   * ({@link EpisodeOnset#regimeChange}). Each candidate weighs (fleet score at its step / largest) x persistence^2
   * ({@link EpisodePersistence}): the window's last incident is still going on at its end, an earlier episode, a
   * later phase that comes and goes or a noise peak is not. The detected start is weighed by the detected step's own
   * persistence, not by that of the onset it was dated back to: a strong step that has ended is an earlier episode
   * even when a few of the series that stepped at its onset stayed off. When the detected step lies at most
   * {@value #POST} points after that onset it carries the step's time too ({@link #spanLength}): the fault began
   * somewhere between the two, and the analyser ranks across the span.
   *
   * <p>One earlier candidate is added too: the episode's onset found as {@link EpisodeOnset} finds it but with
   * {@value #CANDIDATE_SHARE} instead of the detector's share as the least fleet score of an onset (the first weak
   * points of a slow ramp, held until the detected later phase). Other earlier local maxima are not candidates: a
   * start a few steps early costs the ranking little, and they brought back the baseline splices and load ramps the
   * detector's rules exclude.
   *
   * @return empty when no split stands out
   */
  static List<StartCandidate> candidates(RcaInput in) {
    long[] ts = in.timestampsSeconds();
    int n = ts.length;
    if (n < PRE + POST) {
      return List.of();
    }
    List<SeriesKey> keys = new ArrayList<>(in.series().keySet());
    List<double[]> values = new ArrayList<>(in.series().values());
    double[][] strength = strength(keys, values, n);
    // The fleet score counts only what a change of load does not explain; a load shift is still a change of regime
    // to the episode's onset (EpisodeOnset reads the full strengths).
    double[] fleet = fleet(LoadShift.discounted(keys, values, strength), n, keys.size());
    double max = 0;
    for (double f : fleet) {
      max = Math.max(max, f);
    }
    if (max <= 0) {
      return List.of();
    }
    int chosen = -1;
    for (int s = n - POST; s >= PRE && chosen < 0; s--) {
      if (localMax(fleet, s, n) && fleet[s] >= SHARE * max) {
        chosen = s;
      }
    }
    if (chosen < 0) {
      return List.of();
    }
    int onset = EpisodeOnset.earliest(keys, values, strength, fleet, SHARE * max, chosen);
    // Weighed by the step that was detected, its strength and its own persistence: the onset only dates it. An
    // onset that holds (a few series that stayed off) must not lend its persistence to a strong detected step that
    // has ended, which is an earlier episode, not the one still going on.
    StartCandidate first = new StartCandidate(ts[onset],
        weight(fleet[chosen] / max, EpisodePersistence.of(keys, values, strength[chosen], chosen)),
        ts[onset + spanLength(onset, chosen)]);
    Set<String> services = new TreeSet<>();
    keys.forEach(k -> services.add(k.service()));
    Map<Integer, Double> later = new TreeMap<>();
    for (int s = chosen + 1; s <= n - POST; s++) {
      if (!localMax(fleet, s, n) || fleet[s] < CANDIDATE_SHARE * max) {
        continue;
      }
      int on = EpisodeOnset.earliest(keys, values, strength, fleet, SHARE * max, s);
      if (on <= onset || EpisodeOnset.regimeChange(keys, strength[on], services.size())) {
        continue;
      }
      double w = weight(fleet[s] / max, EpisodePersistence.of(keys, values, strength[on], on));
      later.merge(on, w, Math::max);
    }
    int early = EpisodeOnset.earliest(keys, values, strength, fleet, CANDIDATE_SHARE * max, chosen);
    if (early < onset) {
      later.merge(early, weight(fleet[early] / max, EpisodePersistence.of(keys, values, strength[early], early)),
          Math::max);
    }
    List<StartCandidate> rest = new ArrayList<>();
    later.forEach((on, w) -> rest.add(new StartCandidate(ts[on], w)));
    rest.sort(Comparator.comparingDouble(StartCandidate::weight).reversed()
        .thenComparing(Comparator.comparingLong(StartCandidate::startSeconds).reversed()));
    List<StartCandidate> out = new ArrayList<>();
    out.add(first);
    out.addAll(rest.subList(0, Math.min(rest.size(), MAX_CANDIDATES - 1)));
    return out;
  }

  /**
   * How far after its onset the detected step may still be where the fault began: up to {@value #POST} points, the
   * reach of one step's own post points, at which the grid cannot tell the two apart (an onset dated a point or two
   * before the fault by a weak precursor). A step further on is the episode's later phase (propagation up the
   * callers, a leak turning into errors): the onset is the fault's first change, and ranking there too hid the cause
   * on deep simulated chains.
   */
  static int spanLength(int onset, int chosen) {
    return chosen - onset <= POST ? chosen - onset : 0;
  }

  static double weight(double fleetShare, double persistence) {
    return fleetShare * persistence * persistence;
  }

  private static boolean localMax(double[] fleet, int s, int n) {
    return fleet[s] >= fleet[s - 1] && (s + 1 > n - POST || fleet[s] >= fleet[s + 1]);
  }

  /** Fleet step score per split index (0 where undefined). */
  static double[] fleet(RcaInput in) {
    int n = in.timestampsSeconds().length;
    List<SeriesKey> keys = new ArrayList<>(in.series().keySet());
    List<double[]> values = new ArrayList<>(in.series().values());
    return fleet(LoadShift.discounted(keys, values, strength(keys, values, n)), n, keys.size());
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
