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
 * visits). State: {@code 8 * slotsPerDay} triples of doubles (mean, variance, visits), independent of the series
 * length. Warm-up: by default the first {@code slotsPerDay} points, and in practice until each slot has {@code
 * minVisits} visits.
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
  /** State slots: the across-slot statistics, then per slot {@code [mean, variance, visits]} side by side. */
  private static final int RESIDUAL_ABS = 0;
  private static final int GLOBAL_MEAN = 1;
  private static final int GLOBAL_VAR = 2;
  private static final int GLOBAL_COUNT = 3;
  private static final int RESIDUAL_COUNT = 4;
  /**
   * First slot; a slot's mean, variance and visit count are adjacent, so that reading one slot (and its neighbours,
   * which follow it) touches one or two cache lines: in the live collector thousands of series' profiles do not
   * fit in cache, and each line touched is a miss.
   */
  private static final int SLOTS = 5;
  private static final int MEAN = 0;
  private static final int VAR = 1;
  private static final int VISITS = 2;
  private static final int SLOT_WIDTH = 3;

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
  }

  /**
   * 288 slots per day (5 minutes), UTC, alpha 0.1, 3 visits per slot, no winsorising, 2 neighbour slots, warm-up 24,
   * mapping saturating(3, 3) (as {@code Detectors.create("seasonal")}).
   */
  public static SeasonalDetector withDefaults() {
    return new SeasonalDetector(288, 0, 0.1, 3, 0, 2, 24, ScoreMapping.saturating(3, 3), ScaleFloor.DEFAULT);
  }

  @Override
  protected int stateDoubles() {
    return SLOTS + SLOT_WIDTH * slotsPerDay * 8; // [0, slotsPerDay) daily, then 7 weekly blocks
  }

  @Override
  protected double scoreAndLearn(double[] s, int at, byte[] bytes, int byteAt, long timestampMillis,
      double value) {
    int slots = at + SLOTS;
    long t = timestampMillis + offsetMillis;
    int slot = slotOfDay(t);
    int dayOfWeek = dayOfWeek(t);
    int weekly = slotsPerDay * (1 + dayOfWeek) + slot;
    double residualAbs = s[at + RESIDUAL_ABS];
    double score = 0.0;
    double best = Double.POSITIVE_INFINITY;
    for (int k = -neighbours; k <= neighbours; k++) {
      // the neighbour slot, on the day before or after when it crosses midnight (neighbours < slotsPerDay);
      // branches instead of floorMod/floorDiv by slotsPerDay, which are hardware divisions on every point
      int sl = slot + k;
      int dw = dayOfWeek;
      if (sl < 0) {
        sl += slotsPerDay;
        dw = dw == 0 ? 6 : dw - 1;
      } else if (sl >= slotsPerDay) {
        sl -= slotsPerDay;
        dw = dw == 6 ? 0 : dw + 1;
      }
      int wk = slotsPerDay * (1 + dw) + sl;
      int ref = reference(s, slots, wk, sl);
      if (ref >= 0) {
        double m = s[ref + MEAN];
        double sd = Math.max(Math.sqrt(s[ref + VAR]), 0.5 * residualAbs * 1.2533);
        double z = Math.abs(value - m) / floor.apply(sd, m);
        best = Math.min(best, z);
      }
    }
    int ref = reference(s, slots, weekly, slot);
    if (ref >= 0) {
      double count = Math.min(++s[at + RESIDUAL_COUNT], 200.0);
      s[at + RESIDUAL_ABS] = residualAbs + (Math.abs(value - s[ref + MEAN]) - residualAbs) / count;
    }
    double globalCount = s[at + GLOBAL_COUNT];
    double globalMean = s[at + GLOBAL_MEAN];
    double globalVar = s[at + GLOBAL_VAR];
    if (best == Double.POSITIVE_INFINITY && globalCount > 1) {
      // no slot profile yet: compare with the overall level instead of abstaining with 0
      best = Math.abs(value - globalMean) / floor.apply(Math.sqrt(globalVar), globalMean);
    }
    if (best < Double.POSITIVE_INFINITY) {
      score = mapping.toScore(best);
    }
    globalCount++;
    s[at + GLOBAL_COUNT] = globalCount;
    double ga = Math.max(0.01, 1.0 / globalCount);
    double gd = value - globalMean;
    s[at + GLOBAL_MEAN] = globalMean + ga * gd;
    s[at + GLOBAL_VAR] = (1 - ga) * (globalVar + ga * gd * gd);
    learn(s, slots + SLOT_WIDTH * slot, value);
    learn(s, slots + SLOT_WIDTH * weekly, value);
    return score;
  }

  /**
   * The weekly slots around the point's slot (first, own, last neighbour) and the daily ones (likewise): the daily
   * neighbours are read whenever a weekly neighbour has too few visits, which is every point of a series' first
   * week for the slots after the current one.
   */
  @Override
  protected double touchState(double[] s, int at, long timestampMillis) {
    int slots = at + SLOTS;
    long t = timestampMillis + offsetMillis;
    int slot = slotOfDay(t);
    int dayOfWeek = dayOfWeek(t);
    int weekly = slots + SLOT_WIDTH * (slotsPerDay * (1 + dayOfWeek) + slot);
    int daily = slots + SLOT_WIDTH * slot;
    int last = slots + SLOT_WIDTH * 8 * slotsPerDay - 1;
    int reach = SLOT_WIDTH * neighbours;
    return s[Math.max(slots, weekly - reach)] + s[weekly] + s[Math.min(last, weekly + reach + VISITS)]
        + s[Math.max(slots, daily - reach)] + s[daily] + s[Math.min(last, daily + reach + VISITS)];
  }

  /**
   * The slot of the day of local time {@code t}: {@code floor(msOfDay / (DAY / slotsPerDay))}, computed as {@code
   * msOfDay * slotsPerDay / DAY} (the same integer, as DAY / slotsPerDay is whole) so that the only divisor is a
   * constant, which the JIT turns into a multiplication.
   */
  private int slotOfDay(long t) {
    return (int) (Math.floorMod(t, DAY_MILLIS) * slotsPerDay / DAY_MILLIS);
  }

  /** Day of the week of local time {@code t}, Monday = 0 (1970-01-01 was a Thursday). */
  private static int dayOfWeek(long t) {
    return (int) Math.floorMod(Math.floorDiv(t, DAY_MILLIS) + 3, 7L);
  }

  /** Offset of the weekly slot if it has enough visits, else of the daily one if it has, else -1. */
  private int reference(double[] s, int slots, int weekly, int daily) {
    int w = slots + SLOT_WIDTH * weekly;
    if (s[w + VISITS] >= minVisits) {
      return w;
    }
    int d = slots + SLOT_WIDTH * daily;
    return s[d + VISITS] >= minVisits ? d : -1;
  }

  private void learn(double[] s, int m, double x) {
    double n = ++s[m + VISITS];
    if (n == 1) {
      s[m + MEAN] = x;
      return;
    }
    if (n == Integer.MAX_VALUE) {
      s[m + VISITS] = minVisits + 1;
    }
    double d = x - s[m + MEAN];
    if (n > minVisits && clip > 0) {
      double lim = clip * Math.sqrt(s[m + VAR]);
      if (lim > 0) {
        d = d > lim ? lim : (d < -lim ? -lim : d);
      }
    }
    double a = Math.max(alpha, 1.0 / n);
    s[m + MEAN] += a * d;
    s[m + VAR] = (1 - a) * (s[m + VAR] + a * d * d);
  }
}
