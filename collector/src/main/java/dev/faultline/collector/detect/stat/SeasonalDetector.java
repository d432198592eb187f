package dev.faultline.collector.detect.stat;

import dev.faultline.collector.detect.BaseDetector;
import dev.faultline.collector.detect.ScoreMapping;
import java.util.Objects;

/**
 * Seasonal baseline: a profile of expected value and spread per time-of-day slot and per (day-of-week, slot), so
 * that a peak that comes back every day (or every Monday) is not an anomaly.
 *
 * <p>The day is cut into {@code slotsPerDay} slots in UTC shifted by {@code utcOffsetMinutes}. Each daily slot
 * and each weekly slot (7 * slotsPerDay) keeps an EWMA mean and variance of the values that fell in it (same
 * stable update and winsorising as {@link EwmaDetector}, with {@code alpha} per visit). A point is compared with its
 * weekly slot once that slot has {@code minVisits} visits, else with its daily slot, else it scores 0:
 * {@code z = (x - m_slot) / max(sd_slot, 0.5 * sd_all, floor)}, where {@code sd_all} is an EWMA of the absolute
 * residuals across all slots (it stops a slot with a lucky tiny variance from flagging ordinary noise).
 *
 * <p>Timestamps drive the slot, so gaps and irregular sampling are handled naturally (a slot just gets fewer
 * visits). State: {@code 8 * slotsPerDay} pairs of doubles, independent of the series length. Warm-up: by default
 * the first {@code slotsPerDay} points, and in practice until each slot has {@code minVisits} visits. Not
 * thread-safe.
 */
public final class SeasonalDetector extends BaseDetector {

  private static final long DAY_MILLIS = 86_400_000L;

  private final int slotsPerDay;
  private final long offsetMillis;
  private final double alpha;
  private final int minVisits;
  private final double clip;
  private final int neighbours;
  private final ScoreMapping mapping;
  private final ScaleFloor floor;
  /**
   * Per slot {@code [mean, variance]} side by side, so that reading a slot touches one cache line, not two: in the
   * live collector thousands of series' profiles do not fit in cache, and each line touched is a miss.
   */
  private final double[] moments;
  private final int[] visits;
  private double residualAbs;
  private double globalMean;
  private double globalVar;
  private long globalCount;

  private long residualCount;

  public SeasonalDetector(int slotsPerDay, int utcOffsetMinutes, double alpha, int minVisits, int warmupPoints,
      ScoreMapping mapping, ScaleFloor floor) {
    this(slotsPerDay, utcOffsetMinutes, alpha, minVisits, 0, warmupPoints, mapping, floor);
  }

  /**
   * @param clip winsorise learning at this many slot standard deviations; 0 learns every value as is (so that a
   *     recurring daily spike becomes part of the profile)
   */
  public SeasonalDetector(int slotsPerDay, int utcOffsetMinutes, double alpha, int minVisits, double clip,
      int warmupPoints, ScoreMapping mapping, ScaleFloor floor) {
    this(slotsPerDay, utcOffsetMinutes, alpha, minVisits, clip, 1, warmupPoints, mapping, floor);
  }

  /**
   * @param neighbours also compare with this many slots either side and keep the smallest deviation, so that a
   *     daily event that jitters by a slot is still recognised
   */
  public SeasonalDetector(int slotsPerDay, int utcOffsetMinutes, double alpha, int minVisits, double clip,
      int neighbours, int warmupPoints, ScoreMapping mapping, ScaleFloor floor) {
    super(warmupPoints);
    if (slotsPerDay < 1 || DAY_MILLIS % slotsPerDay != 0) {
      throw new IllegalArgumentException("slotsPerDay must divide a day in whole milliseconds, was " + slotsPerDay);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (minVisits < 2) {
      throw new IllegalArgumentException("minVisits must be >= 2, was " + minVisits);
    }
    this.slotsPerDay = slotsPerDay;
    this.offsetMillis = utcOffsetMinutes * 60_000L;
    this.alpha = alpha;
    this.minVisits = minVisits;
    this.clip = clip;
    if (neighbours < 0 || neighbours >= slotsPerDay) {
      throw new IllegalArgumentException("neighbours must be in [0, slotsPerDay), was " + neighbours);
    }
    this.neighbours = neighbours;
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.floor = Objects.requireNonNull(floor, "floor");
    moments = new double[2 * slotsPerDay * 8]; // [0, slotsPerDay) daily, then 7 weekly blocks
    visits = new int[slotsPerDay * 8];
  }

  /**
   * 288 slots per day (5 minutes), UTC, alpha 0.1, 3 visits per slot, no winsorising, 2 neighbour slots, warm-up 24,
   * mapping saturating(3, 3) (as {@code Detectors.create("seasonal")}).
   */
  public static SeasonalDetector withDefaults() {
    return new SeasonalDetector(288, 0, 0.1, 3, 0, 2, 24, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
  }

  @Override
  protected double scoreAndLearn(long timestampMillis, double value) {
    long t = timestampMillis + offsetMillis;
    long day = Math.floorDiv(t, DAY_MILLIS);
    int slot = (int) (Math.floorMod(t, DAY_MILLIS) / (DAY_MILLIS / slotsPerDay));
    int dayOfWeek = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday; Monday = 0
    int weekly = slotsPerDay * (1 + dayOfWeek) + slot;
    double score = 0.0;
    double best = Double.POSITIVE_INFINITY;
    for (int k = -neighbours; k <= neighbours; k++) {
      int sl = Math.floorMod(slot + k, slotsPerDay);
      int wk = slotsPerDay * (1 + Math.floorMod(dayOfWeek + Math.floorDiv(slot + k, slotsPerDay), 7)) + sl;
      int ref = visits[wk] >= minVisits ? wk : (visits[sl] >= minVisits ? sl : -1);
      if (ref >= 0) {
        double sd = Math.max(Math.sqrt(moments[2 * ref + 1]), 0.5 * residualAbs * 1.2533);
        double z = Math.abs(value - moments[2 * ref]) / floor.apply(sd, moments[2 * ref]);
        best = Math.min(best, z);
      }
    }
    int ref = visits[weekly] >= minVisits ? weekly : (visits[slot] >= minVisits ? slot : -1);
    if (ref >= 0) {
      residualAbs += (Math.abs(value - moments[2 * ref]) - residualAbs) / Math.min(++residualCount, 200L);
    }
    if (best == Double.POSITIVE_INFINITY && globalCount > 1) {
      // no slot profile yet: compare with the overall level instead of abstaining with 0
      best = Math.abs(value - globalMean) / floor.apply(Math.sqrt(globalVar), globalMean);
    }
    if (best < Double.POSITIVE_INFINITY) {
      score = mapping.toScore(best);
    }
    globalCount++;
    double ga = Math.max(0.01, 1.0 / globalCount);
    double gd = value - globalMean;
    globalMean += ga * gd;
    globalVar = (1 - ga) * (globalVar + ga * gd * gd);
    learn(slot, value);
    learn(weekly, value);
    return score;
  }

  private void learn(int i, double x) {
    int m = 2 * i;
    int n = ++visits[i];
    if (n == 1) {
      moments[m] = x;
      return;
    }
    if (n == Integer.MAX_VALUE) {
      visits[i] = minVisits + 1;
    }
    double d = x - moments[m];
    if (n > minVisits && clip > 0) {
      double lim = clip * Math.sqrt(moments[m + 1]);
      if (lim > 0) {
        d = d > lim ? lim : (d < -lim ? -lim : d);
      }
    }
    double a = Math.max(alpha, 1.0 / n);
    moments[m] += a * d;
    moments[m + 1] = (1 - a) * (moments[m + 1] + a * d * d);
  }
}
