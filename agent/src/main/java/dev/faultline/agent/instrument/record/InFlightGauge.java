package dev.faultline.agent.instrument.record;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests in flight at a service's server side: their mean over a reporting interval (time-weighted, exact) and
 * their maximum. A queue shows here past the point where a pool's busy share stops at 100%, and by Little's law
 * {@code in flight = rate x latency}.
 *
 * <p>One atomic add per request start and one per end, no allocation: a single {@code long} packs the number in
 * flight (low {@value #COUNT_BITS} bits) with the sum, in ticks of 1024 ns, of the ends minus the starts (the
 * high bits). The time integral of the number in flight up to {@code t} is that sum plus {@code count x t}; the
 * mean of an interval is the difference of two integrals over its length. The sum wraps (modulo 2^44 ticks, about
 * 200 days), which the difference of two readings does not mind.
 *
 * <pre>{@code
 * gauge.enter(System.nanoTime());   // request starts
 * gauge.exit(System.nanoTime());    // the same request ends (exactly once per enter)
 * InFlightGauge.Reading r = gauge.drain(System.nanoTime());  // reporter thread, once per interval
 * }</pre>
 *
 * {@link #enter} and {@link #exit} are thread-safe; {@link #drain} runs on one thread at a time.
 */
public final class InFlightGauge {

  static final int COUNT_BITS = 20;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
  private static final int TICK_SHIFT = 10; // 1 tick = 1024 ns: a shift, not a division, on the request path
  private static final long INTEGRAL_MASK = (1L << (64 - COUNT_BITS)) - 1;

  private final AtomicLong state = new AtomicLong();
  private final AtomicInteger peak = new AtomicInteger();
  private long lastIntegral;
  private long lastTicks;

  public InFlightGauge(long nowNanos) {
    lastTicks = nowNanos >> TICK_SHIFT;
  }

  /** A request started. */
  public void enter(long nowNanos) {
    long before = state.getAndAdd(1 - ((nowNanos >> TICK_SHIFT) << COUNT_BITS));
    int inFlight = (int) (before & COUNT_MASK) + 1;
    int p;
    while (inFlight > (p = peak.get()) && !peak.compareAndSet(p, inFlight)) {
      // another request raised the peak at the same time: compare again (rare: only past the interval's peak)
    }
  }

  /** A request that {@link #enter}ed ended. */
  public void exit(long nowNanos) {
    state.getAndAdd(((nowNanos >> TICK_SHIFT) << COUNT_BITS) - 1);
  }

  /** The number in flight now. */
  public int current() {
    return (int) (state.get() & COUNT_MASK);
  }

  /** The mean and maximum since the previous drain (or the creation); starts the next interval. */
  public Reading drain(long nowNanos) {
    long ticks = nowNanos >> TICK_SHIFT;
    long value = state.get();
    long count = value & COUNT_MASK;
    long integral = ((value >>> COUNT_BITS) + count * ticks) & INTEGRAL_MASK;
    long area = (integral - lastIntegral) & INTEGRAL_MASK;
    if (area > INTEGRAL_MASK >>> 1) {
      area = 0; // a start racing this read made it a few ticks negative
    }
    long span = ticks - lastTicks;
    int max = Math.max(peak.getAndSet((int) count), (int) count);
    lastIntegral = integral;
    lastTicks = ticks;
    // A request racing this read (its tick taken before or after ours) moves the area by a few ticks.
    double mean = span <= 0 ? count : Math.min(max, (double) area / span);
    return new Reading(mean, max);
  }

  /**
   * @param mean time-weighted mean number of requests in flight over the interval
   * @param max the most in flight at once during the interval
   */
  public record Reading(double mean, int max) {}
}
