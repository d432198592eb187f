package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.SeriesKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes from the step strengths what a change of the fleet's load explains. A load ramp (more users, the daily
 * season) moves the request rates of many services at once and in the same direction, and their load-driven
 * resources (CPU, bytes sent, the node's CPU) follow in proportion; a fault shows first in one neighbourhood, as
 * latency or errors, or as a resource out of proportion to the load. Without this, a ramp a few steps before a weak
 * fault outscored it and was taken as the incident's start.
 *
 * <p>Rule, per split s: when the request rates of at least {@value #SHARE} of the services that report one stepped
 * at s in the same direction, that split is a load shift. There, a stepped request rate in that direction no longer
 * counts, nor does a stepped resource, host or generic series of such a service that moved in the same direction by
 * at most {@value #PROPORTION} times its service's relative traffic change (load-driven). Latency, errors and
 * anything out of proportion keep their strength, so a fault that coincides with a ramp still stands out.
 * Relative changes are measured as the mean of the step's {@value StepChangeStart#POST} points against the median
 * before the split. Pure and deterministic; the levels are computed only at the (rare) load-shift splits.
 */
final class LoadShift {
  /** Least share of the services with a request rate whose rate stepped together. */
  static final double SHARE = 0.4;
  /** A resource that rose at most this many times its service's relative traffic rise is carried by that load. */
  static final double PROPORTION = 1.5;

  private LoadShift() {}

  /**
   * @param keys the series' keys, in the column order of {@code strength}
   * @param values the series, same order
   * @param strength per split and series, the step strength (> 0 = stepped); not changed
   * @return a copy of {@code strength} with the strengths the load explains at every load-shift split set to 0
   */
  static double[][] discounted(List<SeriesKey> keys, List<double[]> values, double[][] strength) {
    double[][] out = new double[strength.length][];
    for (int s = 0; s < strength.length; s++) {
      out[s] = strength[s].clone();
    }
    discount(keys, values, out);
    return out;
  }

  private static void discount(List<SeriesKey> keys, List<double[]> values, double[][] strength) {
    Map<String, Integer> services = new HashMap<>();
    for (SeriesKey k : keys) {
      if (k.kind() == MetricKind.TRAFFIC) {
        services.merge(k.service(), 1, Integer::sum);
      }
    }
    if (services.isEmpty()) {
      return;
    }
    for (int s = StepChangeStart.PRE; s + StepChangeStart.POST <= strength.length; s++) {
      discountAt(keys, values, strength[s], s, services.size());
    }
  }

  private static void discountAt(List<SeriesKey> keys, List<double[]> values, double[] strengthAtSplit, int s,
      int servicesWithTraffic) {
    java.util.Set<String> stepped = new java.util.HashSet<>();
    for (int j = 0; j < keys.size(); j++) {
      if (keys.get(j).kind() == MetricKind.TRAFFIC && strengthAtSplit[j] > 0) {
        stepped.add(keys.get(j).service());
      }
    }
    if (stepped.size() < SHARE * servicesWithTraffic) {
      return; // the common case: no level needs computing
    }
    Map<String, Double> up = new HashMap<>();
    Map<String, Double> down = new HashMap<>();
    for (int j = 0; j < keys.size(); j++) {
      SeriesKey k = keys.get(j);
      if (k.kind() != MetricKind.TRAFFIC || strengthAtSplit[j] <= 0) {
        continue;
      }
      double rel = relativeChange(values.get(j), s, k.kind());
      if (rel > 0) {
        up.merge(k.service(), rel, Math::max);
      } else if (rel < 0) {
        down.merge(k.service(), -rel, Math::max);
      }
    }
    int sign = up.size() >= down.size() ? 1 : -1;
    Map<String, Double> carried = sign > 0 ? up : down;
    if (carried.size() < SHARE * servicesWithTraffic) {
      return;
    }
    for (int j = 0; j < keys.size(); j++) {
      SeriesKey k = keys.get(j);
      Double load = carried.get(k.service());
      if (strengthAtSplit[j] <= 0 || load == null) {
        continue;
      }
      double rel = sign * relativeChange(values.get(j), s, k.kind());
      boolean explained = switch (k.kind()) {
        case TRAFFIC -> rel > 0;
        case RESOURCE, HOST, GENERIC -> rel > 0 && rel <= PROPORTION * load;
        default -> false;
      };
      if (explained) {
        strengthAtSplit[j] = 0;
      }
    }
  }

  /** (mean of the step's points - median before s) / |median|; 0 when undefined. */
  static double relativeChange(double[] v, int s, MetricKind kind) {
    StepLevel level = StepLevel.before(v, s, kind);
    if (level == null || level.median() == 0) {
      return 0;
    }
    double sum = 0;
    int count = 0;
    for (int q = s; q < s + StepChangeStart.POST && q < v.length; q++) {
      if (Double.isFinite(v[q])) {
        sum += v[q];
        count++;
      }
    }
    return count == 0 ? 0 : (sum / count - level.median()) / Math.abs(level.median());
  }
}
