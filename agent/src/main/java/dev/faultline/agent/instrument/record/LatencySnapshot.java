package dev.faultline.agent.instrument.record;

import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;

/**
 * One interval of one {@link LatencyStats}: calls, errors, the sum of latencies and the distribution (values in
 * nanoseconds). Immutable once built; {@link #merge} returns a new snapshot.
 */
public final class LatencySnapshot {

  /** The {@code HistogramSample.encoding} of {@link #encodeHdrV2}. */
  public static final String ENCODING_HDR_V2 = "hdr-v2";

  private final long calls;
  private final long errors;
  private final long sumNanos;
  private final Histogram histogram;

  LatencySnapshot(long calls, long errors, long sumNanos, Histogram histogram) {
    this.calls = calls;
    this.errors = errors;
    this.sumNanos = sumNanos;
    this.histogram = histogram;
  }

  public long calls() {
    return calls;
  }

  public long errors() {
    return errors;
  }

  public long sumNanos() {
    return sumNanos;
  }

  /** The latency at {@code percentile} (0..100) in nanoseconds, within 1%; 0 when there were no calls. */
  public long valueAtPercentileNanos(double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
  }

  /** Number of values in the distribution (equals {@link #calls}). */
  public long histogramCount() {
    return histogram.getTotalCount();
  }

  /**
   * HdrHistogram's compressed V2 encoding ({@code Histogram.encodeIntoCompressedByteBuffer}), values in
   * nanoseconds; decode with {@code Histogram.decodeFromCompressedByteBuffer}.
   */
  public byte[] encodeHdrV2() {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return bytes;
  }

  /** The sum of this and {@code other}, as a new snapshot. */
  public LatencySnapshot merge(LatencySnapshot other) {
    Histogram merged = histogram.copy();
    merged.add(other.histogram);
    return new LatencySnapshot(calls + other.calls, errors + other.errors, sumNanos + other.sumNanos, merged);
  }
}
