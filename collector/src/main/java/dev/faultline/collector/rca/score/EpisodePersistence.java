package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.SeriesKey;
import java.util.List;

/**
 * How much of the rest of the window an episode that stepped at a split has held: over the series that stepped
 * there, the share of the points after the step's own {@value StepChangeStart#POST} (which are away by definition)
 * up to the end of the window that are still away from the level before the split, in the step's direction and beyond
 * the dead zone. The window is analysed for its last incident, which is still going on at its end (a memory leak's
 * slow ramp stays away from its level; an earlier fault that ended, a deploy blip, a noise peak do not). Shrunk towards
 * 1/2 with one pseudo-point each way (Beta(1, 1)), so a step just before the end, with nothing after it to check, is
 * neither trusted nor dismissed. Pure and deterministic.
 */
final class EpisodePersistence {
  private EpisodePersistence() {}

  /**
   * @param keys the series' keys, in the column order of {@code strengthAtSplit}
   * @param values the series, same order, each {@code n} long
   * @param strengthAtSplit per series, the step strength at split p (> 0 = stepped)
   * @param p the split
   * @return in (0, 1): (points away + 1) / (points checked + 2), pooled over the stepped series
   */
  static double of(List<SeriesKey> keys, List<double[]> values, double[] strengthAtSplit, int p) {
    long away = 0;
    long checked = 0;
    for (int j = 0; j < keys.size(); j++) {
      if (strengthAtSplit[j] <= 0) {
        continue;
      }
      double[] v = values.get(j);
      StepLevel level = StepLevel.before(v, p, keys.get(j).kind());
      if (level == null) {
        continue;
      }
      int sign = level.direction(v, p);
      for (int t = p + StepChangeStart.POST; t < v.length; t++) {
        checked++;
        if (level.dev(v[t], sign) > StepChangeStart.DEAD_ZONE) {
          away++;
        }
      }
    }
    return (away + 1.0) / (checked + 2.0);
  }
}
