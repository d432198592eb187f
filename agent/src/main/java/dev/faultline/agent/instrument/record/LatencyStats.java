package dev.faultline.agent.instrument.record;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Calls, errors and the latency distribution of one endpoint or edge, recorded by many threads and drained by one.
 *
 * <p>The distribution is an HdrHistogram {@link Recorder}: {@code recordValue} is wait-free and allocation-free,
 * and {@link #drain} swaps in the inactive histogram, so the interval histograms are exact per interval and
 * mergeable. Values are nanoseconds from {@value #LOWEST_NANOS} ns (1 µs) to {@value #HIGHEST_NANOS} ns (60 s,
 * longer calls are clamped), with {@value #SIGNIFICANT_DIGITS} significant digits: a relative error of at most 1%.
 * Memory: about 20 KiB per histogram, three per instance (active, inactive, the drained copy).
 *
 * <p>Counts are {@link LongAdder}s, not AtomicLongs: handler threads of a busy endpoint would all contend on one
 * cache line; the adder stripes under contention and the drain thread pays for summing. The drain never resets an
 * adder (a reset races with concurrent increments and loses them); it remembers the previous totals instead.
 */
public final class LatencyStats {

  static final long LOWEST_NANOS = 1_000L;
  static final long HIGHEST_NANOS = 60_000_000_000L;
  static final int SIGNIFICANT_DIGITS = 2;

  private final Recorder recorder = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
  private final LongAdder calls = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder sumNanos = new LongAdder();

  // Drain-thread state: totals at the previous drain.
  private long drainedCalls;
  private long drainedErrors;
  private long drainedSumNanos;

  /** Records one call of {@code nanos} duration (negative is treated as 0). Thread-safe, allocation-free. */
  public void record(long nanos, boolean error) {
    long value = nanos < LOWEST_NANOS ? LOWEST_NANOS : Math.min(nanos, HIGHEST_NANOS);
    calls.increment();
    if (error) {
      errors.increment();
    }
    sumNanos.add(Math.max(nanos, 0));
    recorder.recordValue(value);
  }

  /** The calls, errors and distribution since the previous drain. Call from one thread at a time. */
  LatencySnapshot drain() {
    Histogram histogram = recorder.getIntervalHistogram();
    long totalCalls = calls.sum();
    long totalErrors = errors.sum();
    long totalSum = sumNanos.sum();
    LatencySnapshot snapshot = new LatencySnapshot(
        totalCalls - drainedCalls, totalErrors - drainedErrors, totalSum - drainedSumNanos, histogram);
    drainedCalls = totalCalls;
    drainedErrors = totalErrors;
    drainedSumNanos = totalSum;
    return snapshot;
  }
}
