package dev.faultline.collector.rca.score;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.rca.RcaInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finds the incident start the way the live collector would, on a simulated clock: every series is fed, in time
 * order, to its own {@link Detector}; the fleet anomaly at a step is the mean of the highest tenth of the detector
 * scores (a fault touches a neighbourhood, not the fleet); an episode is a run of steps whose fleet anomaly is at
 * least {@code max(THRESHOLD_SHARE * peak, MIN_LEVEL)}, extended back over the rising steps just before it; its mass
 * is the sum of its fleet anomaly (a two-step deploy blip weighs less than a fault that lasts). The start is that of
 * the <em>latest</em> episode whose mass is at least {@code MASS_SHARE} of the largest (a scenario is analysed for
 * its last incident; earlier ones are its history). This is the streaming form (live collector); {@link #stepChange()}
 * is the offline form the {@code rca} command uses.
 */
public final class IncidentStartDetector {
  static final double THRESHOLD_SHARE = 0.5;
  static final double TOP_SHARE = 0.1;
  static final int TOP_MIN = 5;
  static final double MIN_LEVEL = 0.1;
  static final double MASS_SHARE = 0.25;

  private final Supplier<Detector> detectors;
  private final boolean stepChange;

  public IncidentStartDetector(Supplier<Detector> detectors) {
    this(detectors, false);
  }

  private IncidentStartDetector(Supplier<Detector> detectors, boolean stepChange) {
    this.detectors = detectors;
    this.stepChange = stepChange;
  }

  /**
   * Offline (whole window at hand, as in the {@code rca} command): the onset of the latest coherent, sustained step
   * ({@link StepChangeStart}). Finds the start better than the streaming detectors when the history holds earlier
   * episodes or a baseline from another recording.
   */
  public static IncidentStartDetector stepChange() {
    return new IncidentStartDetector(() -> new RobustZDetector(60, 10), true);
  }

  /** Default: {@link RobustZDetector} with a 60-point window and a 10-point warm-up. */
  public static IncidentStartDetector withRobustZ() {
    return new IncidentStartDetector(() -> new RobustZDetector(60, 10));
  }

  /**
   * A few possible starts with their evidence, the detected one ({@link #detect}) first: the offline form adds later,
   * weaker but persistent steps ({@link StepChangeStart#candidates}); the streaming form gives its one start.
   *
   * @return empty when no step stands out
   */
  public List<StartCandidate> candidates(RcaInput in) {
    if (stepChange) {
      return StepChangeStart.candidates(in);
    }
    Long start = detect(in);
    return start == null ? List.of() : List.of(new StartCandidate(start, 1));
  }

  /** @return the start in epoch seconds, or null when no step stands out */
  public Long detect(RcaInput in) {
    if (stepChange) {
      return StepChangeStart.detect(in);
    }
    long[] ts = in.timestampsSeconds();
    double[] fleet = fleetAnomaly(in);
    double peak = 0;
    for (double f : fleet) {
      peak = Math.max(peak, f);
    }
    if (peak <= 0) {
      return null;
    }
    double threshold = Math.max(THRESHOLD_SHARE * peak, MIN_LEVEL);
    List<long[]> episodes = new ArrayList<>();
    double maxMass = 0;
    int i = 0;
    while (i < fleet.length) {
      if (fleet[i] < threshold) {
        i++;
        continue;
      }
      int j = i;
      double mass = 0;
      while (j < fleet.length && fleet[j] >= threshold) {
        mass += fleet[j];
        j++;
      }
      int b = i;
      while (b > 0 && fleet[b - 1] >= THRESHOLD_SHARE * threshold && fleet[b - 1] < fleet[b]) {
        b--;
      }
      episodes.add(new long[] {b, Double.doubleToLongBits(mass)});
      maxMass = Math.max(maxMass, mass);
      i = j;
    }
    Long start = null;
    for (long[] e : episodes) {
      if (Double.longBitsToDouble(e[1]) >= MASS_SHARE * maxMass) {
        start = ts[(int) e[0]];
      }
    }
    return start;
  }

  /** Per step, the mean of the top {@value #TOP_SHARE} share (at least {@value #TOP_MIN}) of the series scores. */
  double[] fleetAnomaly(RcaInput in) {
    long[] ts = in.timestampsSeconds();
    int n = in.series().size();
    double[][] scores = new double[ts.length][n];
    int j = 0;
    for (double[] v : in.series().values()) {
      Detector d = detectors.get();
      for (int i = 0; i < ts.length; i++) {
        scores[i][j] = d.update(ts[i] * 1000, v[i]);
      }
      j++;
    }
    int k = Math.min(n, Math.max(TOP_MIN, (int) Math.ceil(TOP_SHARE * n)));
    double[] out = new double[ts.length];
    for (int i = 0; i < ts.length && k > 0; i++) {
      double[] s = scores[i];
      java.util.Arrays.sort(s);
      double sum = 0;
      for (int q = n - k; q < n; q++) {
        sum += s[q];
      }
      out[i] = sum / k;
    }
    return out;
  }
}
