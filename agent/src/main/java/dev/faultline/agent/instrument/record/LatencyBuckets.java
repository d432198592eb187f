package dev.faultline.agent.instrument.record;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * A cumulative latency distribution recorded with one atomic increment per value: the bucket layout of an
 * HdrHistogram {@link Histogram} with the same range and precision (so a drained interval is an ordinary
 * {@code Histogram}, encoded and merged as before), but none of {@code AtomicHistogram}'s other per-value work: no
 * atomic total count (the drain sums the buckets), no min/max tracking (the encoding carries neither).
 *
 * <p>The bucket index is HdrHistogram's own arithmetic (a leading-zero count, a shift and an add, no logarithm):
 * with a unit of 2^{@code unitMagnitude} ns and {@code 2^subBucketBits} sub-buckets per power of two, a value lands
 * in the bucket whose lowest value is within 1% below it at 2 significant digits. {@code LatencyBucketsTest} checks
 * the layout against an HdrHistogram that recorded the same values.
 */
final class LatencyBuckets {

  private final int unitMagnitude;
  private final int subBucketHalfCountMagnitude;
  private final int subBucketHalfCount;
  private final long subBucketMask;
  private final int leadingZeroCountBase;
  private final long lowest;
  private final long highest;
  private final int significantDigits;
  private final AtomicLongArray counts;

  LatencyBuckets(long lowest, long highest, int significantDigits) {
    // The same derivation as AbstractHistogram's constructor, so that indexes match its counts array.
    long largestValueWithSingleUnitResolution = 2 * (long) Math.pow(10, significantDigits);
    int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestValueWithSingleUnitResolution) / Math.log(2));
    this.subBucketHalfCountMagnitude = subBucketCountMagnitude - 1;
    int subBucketCount = 1 << subBucketCountMagnitude;
    this.subBucketHalfCount = subBucketCount / 2;
    this.unitMagnitude = 63 - Long.numberOfLeadingZeros(lowest);
    this.subBucketMask = ((long) subBucketCount - 1) << unitMagnitude;
    this.leadingZeroCountBase = 64 - unitMagnitude - subBucketCountMagnitude;
    long smallestUntrackableValue = ((long) subBucketCount) << unitMagnitude;
    int bucketsNeeded = 1;
    while (smallestUntrackableValue <= highest) {
      smallestUntrackableValue <<= 1;
      bucketsNeeded++;
    }
    this.counts = new AtomicLongArray((bucketsNeeded + 1) << subBucketHalfCountMagnitude);
    this.lowest = lowest;
    this.highest = highest;
    this.significantDigits = significantDigits;
  }

  /** Counts {@code value}, clamped into [lowest, highest]. Thread-safe, wait-free, allocation-free. */
  void record(long value) {
    counts.getAndIncrement(index(value < lowest ? lowest : Math.min(value, highest)));
  }

  /** The counts-array index of {@code value} (within range), as {@code AbstractHistogram.countsArrayIndex}. */
  int index(long value) {
    int bucketIndex = leadingZeroCountBase - Long.numberOfLeadingZeros(value | subBucketMask);
    int subBucketIndex = (int) (value >>> (bucketIndex + unitMagnitude));
    return ((bucketIndex + 1) << subBucketHalfCountMagnitude) + (subBucketIndex - subBucketHalfCount);
  }

  /** The lowest value that lands at {@code index}: recording it again finds the same index. */
  long lowestValueAt(int index) {
    int bucketIndex = (index >> subBucketHalfCountMagnitude) - 1;
    int subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
    if (bucketIndex < 0) {
      subBucketIndex -= subBucketHalfCount;
      bucketIndex = 0;
    }
    return (long) subBucketIndex << (bucketIndex + unitMagnitude);
  }

  int length() {
    return counts.length();
  }

  /**
   * The values counted since the previous drain, as a histogram: reads each bucket once, records its growth since
   * {@code drained} (the counts of the previous drain, length {@link #length}) and stores the count read there.
   * Buckets only grow, so a recording racing the drain lands in this interval or the next, never in none.
   */
  Histogram drainInto(long[] drained) {
    Histogram histogram = new Histogram(lowest, highest, significantDigits);
    for (int i = 0; i < drained.length; i++) {
      long count = counts.get(i);
      long added = count - drained[i];
      if (added > 0) {
        histogram.recordValueWithCount(lowestValueAt(i), added);
        drained[i] = count;
      }
    }
    return histogram;
  }
}
