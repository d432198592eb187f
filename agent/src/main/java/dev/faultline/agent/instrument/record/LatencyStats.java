package dev.faultline.agent.instrument.record;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Calls, errors and the latency distribution of one endpoint or edge, recorded by many threads and drained by one.
 *
 * <p>The distribution is one cumulative {@link LatencyBuckets} (HdrHistogram's bucket layout) that is never reset:
 * a recording is one atomic increment of its bucket, wait-free and allocation-free. {@link #drain} reads each bucket
 * and takes its growth since the previous drain, so the interval histograms are exact per interval and mergeable
 * HdrHistogram {@code Histogram}s, and a call racing the drain lands in this interval or the next, never in none.
 * The number of calls is the interval histogram's count (not a counter of its own). Values are nanoseconds from
 * {@value #LOWEST_NANOS} ns (1 µs) to {@value #HIGHEST_NANOS} ns (60 s, longer calls are clamped), with
 * {@value #SIGNIFICANT_DIGITS} significant digits: a relative error of at most 1%. Memory: about 21 KiB of buckets
 * and as much for the counts of the previous drain.
 *
 * <p>Why not HdrHistogram's own concurrent types: its {@code Recorder} cost eight atomic operations per call (two
 * phaser entries and exits, the bucket, the total, and counters for calls and the sum), and an {@code
 * AtomicHistogram} three plus min/max checks (bucket, a total count every recording thread contends on, the sum
 * adder); here it is two (bucket, sum adder; errors only on errors).
 *
 * <p>The sum and the errors are {@link LongAdder}s, not AtomicLongs: handler threads of a busy endpoint would all
 * contend on one cache line; the adder stripes under contention and the drain thread pays for summing. The drain
 * never resets an adder (a reset races with concurrent increments and loses them); it remembers the previous
 * totals instead.
 */
public final class LatencyStats {

  static final long LOWEST_NANOS = 1_000L;
  static final long HIGHEST_NANOS = 60_000_000_000L;
  static final int SIGNIFICANT_DIGITS = 2;

  private final LatencyBuckets buckets = new LatencyBuckets(LOWEST_NANOS, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
  private final LongAdder errors = new LongAdder();
  private final LongAdder sumNanos = new LongAdder();

  // Drain-thread state: the bucket counts and totals at the previous drain.
  private final long[] drainedCounts = new long[buckets.length()];
  private long drainedErrors;
  private long drainedSumNanos;

  /** Records one call of {@code nanos} duration (negative is treated as 0). Thread-safe, allocation-free. */
  public void record(long nanos, boolean error) {
    if (error) {
      errors.increment(); // before the call is counted (see drain)
    }
    buckets.record(nanos); // clamped into the range
    sumNanos.add(Math.max(nanos, 0));
  }

  /**
   * The calls, errors and distribution since the previous drain. Call from one thread at a time.
   *
   * <p>A recording counts its error before its call, and the drain reads the calls before the errors, so every call
   * counted here has its error counted too; errors of calls still in flight may be read early. Those are held back
   * (never more errors than calls in an interval) and reported with their calls in a later interval: no error is
   * lost and the error ratio never exceeds 1.
   */
  LatencySnapshot drain() {
    Histogram interval = buckets.drainInto(drainedCounts); // the calls first, then the errors and the sum
    long totalErrors = errors.sum();
    long totalSum = sumNanos.sum();
    long calls = interval.getTotalCount();
    long intervalErrors = Math.min(totalErrors - drainedErrors, calls);
    LatencySnapshot snapshot = new LatencySnapshot(calls, intervalErrors, totalSum - drainedSumNanos, interval);
    drainedErrors += intervalErrors;
    drainedSumNanos = totalSum;
    return snapshot;
  }
}
