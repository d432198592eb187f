package dev.faultline.collector.rca.score;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.rca.RcaInput;
import java.util.function.Supplier;

/**
 * Finds the incident start the way the live collector would, on a simulated clock: every series is fed, in time
 * order, to its own {@link Detector}; the fleet anomaly at a step is the mean detector score over all series; an
 * episode is a run of steps whose fleet anomaly is at least {@code max(THRESHOLD_SHARE * peak, floor)}, where floor =
 * median + 3 x MAD of the fleet anomaly over all steps. The start is that of the <em>latest</em> episode whose peak is at
 * least half the overall peak (a scenario is analysed for its last incident; earlier ones are its history).
 */
public final class IncidentStartDetector {
  static final double THRESHOLD_SHARE = 0.5;

  private final Supplier<Detector> detectors;

  public IncidentStartDetector(Supplier<Detector> detectors) {
    this.detectors = detectors;
  }

  /** Default: {@link RobustZDetector} with a 60-point window and a 3-point warm-up. */
  public static IncidentStartDetector withRobustZ() {
    return new IncidentStartDetector(() -> new RobustZDetector(60, 3));
  }

  /** @return the start in epoch seconds, or null when no step stands out */
  public Long detect(RcaInput in) {
    long[] ts = in.timestampsSeconds();
    double[] fleet = fleetAnomaly(in);
    double peak = 0;
    for (double f : fleet) {
      peak = Math.max(peak, f);
    }
    if (peak <= 0) {
      return null;
    }
    double[] sorted = fleet.clone();
    java.util.Arrays.sort(sorted);
    double med = RobustChangeScore.quantile(sorted, 0.5);
    double[] dev = new double[sorted.length];
    for (int i = 0; i < dev.length; i++) {
      dev[i] = Math.abs(sorted[i] - med);
    }
    java.util.Arrays.sort(dev);
    double threshold = Math.max(THRESHOLD_SHARE * peak, med + 3 * 1.4826 * RobustChangeScore.quantile(dev, 0.5));
    Long start = null;
    int i = 0;
    while (i < fleet.length) {
      if (fleet[i] < threshold) {
        i++;
        continue;
      }
      int j = i;
      double epPeak = 0;
      while (j < fleet.length && fleet[j] >= threshold) {
        epPeak = Math.max(epPeak, fleet[j]);
        j++;
      }
      if (epPeak >= THRESHOLD_SHARE * peak) {
        start = ts[i];
      }
      i = j;
    }
    return start;
  }

  double[] fleetAnomaly(RcaInput in) {
    long[] ts = in.timestampsSeconds();
    double[] sum = new double[ts.length];
    int n = 0;
    for (double[] v : in.series().values()) {
      Detector d = detectors.get();
      for (int i = 0; i < ts.length; i++) {
        sum[i] += d.update(ts[i] * 1000, v[i]);
      }
      n++;
    }
    if (n > 0) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] /= n;
      }
    }
    return sum;
  }
}
