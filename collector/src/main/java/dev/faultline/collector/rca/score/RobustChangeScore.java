package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.MetricKind;
import java.util.Arrays;

/**
 * BARO-style robust change score of a series against its pre-incident baseline (Pham et al., FSE 2024): centre =
 * median, spread = the larger of IQR/1.349 and (P90 - P10)/2.563 (both estimate sigma for a normal distribution;
 * the second keeps sparse recurring spikes in the baseline from giving a zero spread; MAD adds nothing here, as a
 * zero IQR implies a zero MAD). Error ratios use the IQR alone: they sit at 0 with short bursts from earlier
 * faults, which the tail range would turn into a spread that hides the next burst, and their zero spread is
 * already guarded by the unit floor (and by the caller's sampling floor when few requests stand behind them).
 *
 * <p>Guards:
 * <ul>
 *   <li>zero or near-zero spread: the spread is never below {@code max(kind.absoluteFloor, kind.relativeFloor *
 *       |median|)}, so a flat error ratio of 0 that moves to 0.05 scores 10, not 10^9;
 *   <li>constant-then-jumping series: when the baseline is exactly constant, the score is capped at
 *       {@link #ZERO_SPREAD_CAP}: "it moved" is evidence, but its size in arbitrary units is not (kinds with a
 *       meaningful unit floor, {@link MetricKind#hasUnitFloor()}, are measured against that floor instead);
 *   <li>single spikes: the sustained change is the second largest post deviation when there are at least three
 *       post points (a fault lasts; a one-sample blip does not);
 *   <li>old shifts: the change is also measured against the median of the last {@link #RECENT_POINTS} baseline
 *       points (same spread) and the smaller one is kept: a level that had already moved before the incident did
 *       not move because of it.
 * </ul>
 * Missing values (NaN) are skipped; no baseline value or no post value gives {@link SeriesChange#NONE}; a single
 * baseline value is a constant baseline (its spread is the floor); a series seen at only one or two points of a longer
 * baseline window is capped like one ({@link #sparse(int, int)}).
 * Pure, stateless, thread-safe.
 */
public final class RobustChangeScore {
  /** Cap of the score of a series whose baseline is constant. */
  public static final double ZERO_SPREAD_CAP = 10;
  /** Deviation (in spreads) from which a post point counts as changed, for onsets. */
  public static final double ONSET_THRESHOLD = 3;
  /** The last pre-incident points whose median is the "level just before": a change must be new against it too. */
  public static final int RECENT_POINTS = 3;
  /** Fewest baseline values a spread is estimated from (quartiles need three); see {@link #sparse(int, int)}. */
  public static final int MIN_SPREAD_POINTS = 3;

  private final int maxBaselinePoints;

  /** @param maxBaselinePoints how many pre-incident points (the latest) form the baseline; >= 2 */
  public RobustChangeScore(int maxBaselinePoints) {
    if (maxBaselinePoints < 2) {
      throw new IllegalArgumentException("maxBaselinePoints must be >= 2, was " + maxBaselinePoints);
    }
    this.maxBaselinePoints = maxBaselinePoints;
  }

  /**
   * @param values the series on the grid
   * @param incidentIndex first post index
   * @param postEnd exclusive end of the post window
   */
  public SeriesChange score(double[] values, int incidentIndex, int postEnd, MetricKind kind) {
    return score(values, incidentIndex, postEnd, kind, 0);
  }

  /**
   * As {@link #score(double[], int, int, MetricKind)} with an extra lower bound on the spread, in the metric's unit,
   * for what the caller knows about the series' sampling noise (e.g. a ratio computed from few requests).
   */
  public SeriesChange score(double[] values, int incidentIndex, int postEnd, MetricKind kind, double extraFloor) {
    int from = Math.max(0, incidentIndex - maxBaselinePoints);
    double[] pre = sortedFinite(values, from, incidentIndex);
    if (pre.length == 0) {
      return SeriesChange.NONE;
    }
    double median = quantile(pre, 0.5);
    boolean constant = pre[pre.length - 1] - pre[0] == 0 && !kind.hasUnitFloor()
        || sparse(pre.length, incidentIndex - from);
    double scale = scale(pre, median, kind, extraFloor);
    double[] recent = sortedFinite(values, Math.max(from, incidentIndex - RECENT_POINTS), incidentIndex);
    double recentLevel = recent.length == 0 ? median : quantile(recent, 0.5);
    SeriesChange vsBaseline = post(values, incidentIndex, Math.min(postEnd, values.length), median, scale, constant);
    SeriesChange vsRecent = post(values, incidentIndex, Math.min(postEnd, values.length), recentLevel, scale, constant);
    if (vsRecent.z() >= vsBaseline.z() || Math.signum(vsRecent.signedDelta()) != Math.signum(vsBaseline.signedDelta())) {
      return vsRecent.z() < vsBaseline.z() ? vsRecent : vsBaseline;
    }
    return vsRecent;
  }

  /**
   * True when a series was measured at fewer than {@value #MIN_SPREAD_POINTS} of its baseline points while the
   * baseline window has more: it was missing from the baseline (a node called once in hours, or one the baseline
   * never saw), so its spread is unknown, not small, and its change is capped as a constant baseline's is. A short
   * window that the series fills (an incident soon after the data starts) is not sparse.
   */
  static boolean sparse(int finitePoints, int windowPoints) {
    return finitePoints < Math.min(MIN_SPREAD_POINTS, windowPoints);
  }

  /**
   * The baseline's spread in the metric's unit: the larger of IQR/1.349 and (P90 - P10)/2.563 (IQR only for
   * errors), never below the kind's floors or {@code extraFloor}.
   *
   * @param sortedPre the finite baseline values, sorted, not empty
   */
  static double scale(double[] sortedPre, double median, MetricKind kind, double extraFloor) {
    double iqr = quantile(sortedPre, 0.75) - quantile(sortedPre, 0.25);
    double tails = quantile(sortedPre, 0.9) - quantile(sortedPre, 0.1);
    double spread = kind == MetricKind.ERRORS ? iqr / 1.349 : Math.max(iqr / 1.349, tails / 2.563);
    double floor = Math.max(Math.max(kind.absoluteFloor(), kind.relativeFloor() * Math.abs(median)), extraFloor);
    return Math.max(spread, floor);
  }

  private static SeriesChange post(double[] values, int start, int end, double median, double scale,
      boolean constant) {
    int n = 0;
    double best = 0;
    double second = 0;
    double bestSigned = 0;
    double secondSigned = 0;
    for (int i = start; i < end; i++) {
      double v = values[i];
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      n++;
      double d = v - median;
      double a = Math.abs(d);
      if (a > best) {
        second = best;
        secondSigned = bestSigned;
        best = a;
        bestSigned = d;
      } else if (a > second) {
        second = a;
        secondSigned = d;
      }
    }
    if (n == 0) {
      return SeriesChange.NONE;
    }
    double delta = n >= 3 ? secondSigned : bestSigned;
    double z = Math.abs(delta) / scale;
    if (constant) {
      z = Math.min(z, ZERO_SPREAD_CAP);
    }
    int onset = -1;
    for (int i = start; i < end && delta != 0; i++) {
      double d = values[i] - median;
      if (!Double.isNaN(d) && Math.signum(d) == Math.signum(delta) && Math.abs(d) / scale >= ONSET_THRESHOLD) {
        onset = i;
        break;
      }
    }
    return new SeriesChange(z, delta, median, scale, constant, onset);
  }

  /** The finite values of {@code values[from, to)}, sorted ascending; empty when the range is empty. */
  static double[] sortedFinite(double[] values, int from, int to) {
    int start = Math.max(0, from);
    double[] out = new double[Math.max(0, to - start)];
    int n = 0;
    for (int i = start; i < to; i++) {
      if (Double.isFinite(values[i])) {
        out[n++] = values[i];
      }
    }
    double[] finite = Arrays.copyOf(out, n);
    Arrays.sort(finite);
    return finite;
  }

  /** Linear-interpolation quantile (R type 7) of sorted data. */
  static double quantile(double[] sorted, double p) {
    double k = (sorted.length - 1) * p;
    int f = (int) Math.floor(k);
    int c = Math.min(f + 1, sorted.length - 1);
    return sorted[f] + (sorted[c] - sorted[f]) * (k - f);
  }
}
