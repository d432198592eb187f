package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.SeriesKey;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Moves a detected step back to the onset of the episode it belongs to. A fault's later phases step too (a memory
 * leak that turns into GC pressure and errors, retries that pile up, callers that time out a few steps later), and
 * such a later step can outscore the onset; the ranking, however, needs the first faulty point: a start that is late
 * puts the fault into the baseline (the ranker tolerates a start a few steps early far better than one late).
 *
 * <p>Rule: an earlier split p (within {@value #LOOK_BACK} steps, itself a local maximum of the fleet step score of
 * at least the detector's threshold) is the episode's onset when at least {@value #HELD_SHARE} of the series that
 * stepped at p stayed away from their level before p, in the direction of their step and beyond the dead zone, at
 * every point from p up to the later step: the episode that began at p was still going on. Not when the step at p
 * touched {@value #REGIME_SHARE} or more of all services: a step of most of the fleet at once is a change of regime
 * (a load ramp, another recording spliced in, a fleet-wide deploy), not a fault's onset, which touches a
 * neighbourhood. Repeated until no earlier onset qualifies. Pure and deterministic.
 */
final class EpisodeOnset {
  static final int LOOK_BACK = 15;
  static final double HELD_SHARE = 0.5;
  static final double REGIME_SHARE = 0.4;

  private EpisodeOnset() {}

  /**
   * @param keys the series' keys, in the column order of {@code strength}
   * @param values the series, same order
   * @param strength per split and series, the step strength the detector scored (> 0 = stepped)
   * @param fleet per split, the fleet step score
   * @param threshold least fleet score of a candidate onset
   * @param chosen the detected split
   * @return the split of the episode's onset ({@code chosen} when no earlier one qualifies)
   */
  static int earliest(List<SeriesKey> keys, List<double[]> values, double[][] strength, double[] fleet,
      double threshold, int chosen) {
    Set<String> services = new TreeSet<>();
    keys.forEach(k -> services.add(k.service()));
    boolean moved = true;
    while (moved) {
      moved = false;
      for (int p = Math.max(StepChangeStart.PRE, chosen - LOOK_BACK); p < chosen && !moved; p++) {
        boolean peak = fleet[p] >= threshold && fleet[p] >= fleet[p - 1] && fleet[p] >= fleet[p + 1];
        if (peak && !regimeChange(keys, strength[p], services.size()) && held(keys, values, strength[p], p, chosen)) {
          chosen = p;
          moved = true;
        }
      }
    }
    return chosen;
  }

  static boolean regimeChange(List<SeriesKey> keys, double[] strengthAtSplit, int services) {
    Set<String> stepped = new TreeSet<>();
    for (int j = 0; j < keys.size(); j++) {
      if (strengthAtSplit[j] > 0) {
        stepped.add(keys.get(j).service());
      }
    }
    return stepped.size() >= REGIME_SHARE * services;
  }

  /** Whether enough of the series that stepped at p were still away from their level at every point in [p, q). */
  static boolean held(List<SeriesKey> keys, List<double[]> values, double[] strengthAtSplit, int p, int q) {
    int stepped = 0;
    int held = 0;
    for (int j = 0; j < keys.size(); j++) {
      if (strengthAtSplit[j] <= 0) {
        continue;
      }
      stepped++;
      double[] v = values.get(j);
      StepLevel level = StepLevel.before(v, p, keys.get(j).kind());
      if (level == null) {
        continue;
      }
      int sign = level.direction(v, p);
      boolean away = true;
      for (int t = p; t < q && away; t++) {
        away = level.dev(v[t], sign) > StepChangeStart.DEAD_ZONE;
      }
      if (away) {
        held++;
      }
    }
    return stepped > 0 && held >= HELD_SHARE * stepped;
  }
}
