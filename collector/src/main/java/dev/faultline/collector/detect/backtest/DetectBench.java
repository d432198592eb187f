package dev.faultline.collector.detect.backtest;

import dev.faultline.collector.detect.Detector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * JMH-free throughput check of a detector pipeline: one thread, a seeded synthetic series (daily sine, Gaussian
 * noise, a spike every 10,000 points, a level shift every 100,000), 1-minute spacing, fed to a series of fresh
 * detectors (one per 100,000 points, as if many series). The series is generated before timing; a warm-up pass of
 * 10% of the points (at least 200,000) lets the JIT compile first.
 */
public final class DetectBench {

  private DetectBench() {}

  /**
   * @param seconds wall-clock time of the timed pass
   * @param cpuSeconds CPU time of the benchmarking thread in the timed pass (the one-core figure; unaffected by other
   *     processes competing for the machine), NaN if the JVM cannot measure it
   */
  public record Result(long points, double seconds, double cpuSeconds) {
    public double pointsPerSecond() {
      return points / seconds;
    }

    public double pointsPerCpuSecond() {
      return points / cpuSeconds;
    }
  }

  public static Result run(Supplier<? extends Detector> factory, long points, long seed) {
    if (points < 1 || points > 200_000_000L) {
      throw new IllegalArgumentException("points must be in [1, 200000000], was " + points);
    }
    int n = (int) points;
    double[] values = new double[n];
    SplittableRandom rnd = new SplittableRandom(seed);
    double level = 100;
    for (int i = 0; i < n; i++) {
      if (i % 100_000 == 50_000) {
        level += 30;
      }
      double v = level + 10 * Math.sin(2 * Math.PI * (i % 1440) / 1440.0) + 2 * gaussian(rnd);
      values[i] = i % 10_000 == 9_999 ? v + 40 : v;
    }
    feed(factory, values, Math.max(200_000, n / 10));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    boolean cpu = mx.isCurrentThreadCpuTimeSupported();
    long c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
    long t0 = System.nanoTime();
    double sink = feed(factory, values, n);
    long t1 = System.nanoTime();
    long c1 = cpu ? mx.getCurrentThreadCpuTime() : 0;
    if (sink < 0) {
      throw new AssertionError("negative score");
    }
    return new Result(n, (t1 - t0) / 1e9, cpu ? (c1 - c0) / 1e9 : Double.NaN);
  }

  private static double feed(Supplier<? extends Detector> factory, double[] values, int count) {
    double sink = 0;
    Detector d = null;
    long ts = 1_700_000_000_000L;
    for (int i = 0; i < count; i++) {
      int k = i % values.length;
      if (i % 100_000 == 0) {
        d = factory.get();
      }
      sink += d.update(ts + 60_000L * i, values[k]);
    }
    return sink;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
