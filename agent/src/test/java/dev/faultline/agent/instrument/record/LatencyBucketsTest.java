package dev.faultline.agent.instrument.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

  private static final long LOWEST = LatencyStats.LOWEST_NANOS;
  private static final long HIGHEST = LatencyStats.HIGHEST_NANOS;
  private static final int DIGITS = LatencyStats.SIGNIFICANT_DIGITS;

  @Test
  void indexesMatchHdrHistogramsCountsArray() {
    LatencyBuckets buckets = new LatencyBuckets(LOWEST, HIGHEST, DIGITS);
    Histogram reference = new Histogram(LOWEST, HIGHEST, DIGITS);
    long[] drained = new long[buckets.length()];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      long value = (long) Math.exp(random.nextDouble(Math.log(LOWEST), Math.log(HIGHEST))); // every magnitude
      buckets.record(value);
      reference.recordValue(value);
    }
    for (long edge : new long[] {LOWEST, 1023, 1024, 131_071, 131_072, 999_999, HIGHEST}) {
      buckets.record(edge);
      reference.recordValue(edge);
    }
    Histogram drainedHistogram = buckets.drainInto(drained);

    assertEquals(reference.getTotalCount(), drainedHistogram.getTotalCount());
    for (int i = 0; i < buckets.length(); i++) {
      long value = buckets.lowestValueAt(i);
      assertEquals(i, buckets.index(value), "index of the lowest value of bucket " + i);
      assertEquals(reference.getCountAtValue(value), drainedHistogram.getCountAtValue(value), "count at " + value);
    }
    for (double percentile : new double[] {50, 90, 99, 99.9}) {
      assertEquals(reference.getValueAtPercentile(percentile), drainedHistogram.getValueAtPercentile(percentile));
    }
    assertEquals(reference.getNeededByteBufferCapacity(), drainedHistogram.getNeededByteBufferCapacity());
  }

  @Test
  void valuesOutsideTheRangeAreClamped() {
    LatencyBuckets buckets = new LatencyBuckets(LOWEST, HIGHEST, DIGITS);
    buckets.record(-5);
    buckets.record(0);
    buckets.record(Long.MAX_VALUE);
    Histogram histogram = buckets.drainInto(new long[buckets.length()]);

    assertEquals(3, histogram.getTotalCount());
    assertEquals(2, histogram.getCountAtValue(LOWEST));
    assertEquals(1, histogram.getCountAtValue(HIGHEST));
  }

  @Test
  void eachDrainHoldsOnlyWhatWasRecordedSinceThePreviousOne() {
    LatencyBuckets buckets = new LatencyBuckets(LOWEST, HIGHEST, DIGITS);
    long[] drained = new long[buckets.length()];
    buckets.record(5_000);
    buckets.record(5_000);
    assertEquals(2, buckets.drainInto(drained).getCountAtValue(5_000));
    buckets.record(5_000);
    buckets.record(7_000_000);
    Histogram second = buckets.drainInto(drained);

    assertEquals(2, second.getTotalCount());
    assertEquals(1, second.getCountAtValue(5_000));
    assertEquals(0, buckets.drainInto(drained).getTotalCount());
  }
}
