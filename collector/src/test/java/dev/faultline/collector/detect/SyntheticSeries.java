package dev.faultline.collector.detect;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded synthetic series for detector tests: a base level, optional daily sine, Gaussian noise, and injected
 * anomalies. Timestamps are regular ({@code stepMillis}) from 2024-01-01T00:00Z unless changed.
 *
 * <pre>{@code
 * SyntheticSeries s = SyntheticSeries.gaussian(7, 2000, 100, 1).spike(1500, 12);
 * for (int i = 0; i < s.size(); i++) d.update(s.timestamp(i), s.value(i));
 * }</pre>
 */
public final class SyntheticSeries {

  public static final long START_MILLIS = 1_704_067_200_000L;

  private final long[] timestamps;
  private final double[] values;

  private SyntheticSeries(long[] timestamps, double[] values) {
    this.timestamps = timestamps;
    this.values = values;
  }

  /** Level + N(0, sd^2) noise, one point a minute. */
  public static SyntheticSeries gaussian(long seed, int n, double level, double sd) {
    return seasonal(seed, n, level, 0, sd, 60_000L);
  }

  /** Level + amplitude * sin(2 pi t / 1 day) + noise, at the given step. */
  public static SyntheticSeries seasonal(long seed, int n, double level, double amplitude, double sd, long stepMillis) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] ts = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = START_MILLIS + i * stepMillis;
      double phase = 2 * Math.PI * ((ts[i] % 86_400_000L) / 86_400_000.0);
      v[i] = level + amplitude * Math.sin(phase) + sd * gaussian(r);
    }
    return new SyntheticSeries(ts, v);
  }

  /** Adds {@code height} at point {@code at}. */
  public SyntheticSeries spike(int at, double height) {
    values[at] += height;
    return this;
  }

  /** Adds {@code delta} from point {@code at} on. */
  public SyntheticSeries levelShift(int at, double delta) {
    for (int i = at; i < values.length; i++) {
      values[i] += delta;
    }
    return this;
  }

  /** Adds a linear ramp of {@code perPoint} per point from {@code at} on. */
  public SyntheticSeries drift(int at, double perPoint) {
    for (int i = at; i < values.length; i++) {
      values[i] += perPoint * (i - at);
    }
    return this;
  }

  /** Adds {@code height} to every point whose UTC hour is {@code hour} (a recurring daily peak). */
  public SyntheticSeries dailyPeak(int hour, double height) {
    for (int i = 0; i < values.length; i++) {
      if ((timestamps[i] % 86_400_000L) / 3_600_000L == hour) {
        values[i] += height;
      }
    }
    return this;
  }

  public int size() {
    return values.length;
  }

  public long timestamp(int i) {
    return timestamps[i];
  }

  public double value(int i) {
    return values[i];
  }

  /** Feeds every point to {@code d} and returns the scores. */
  public double[] scores(Detector d) {
    double[] s = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      s[i] = d.update(timestamps[i], values[i]);
    }
    return s;
  }

  /** Max of {@code scores[from, to)}. */
  public static double max(double[] scores, int from, int to) {
    return Arrays.stream(scores, from, to).max().orElse(0);
  }

  static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
