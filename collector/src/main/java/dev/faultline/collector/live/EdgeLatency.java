package dev.faultline.collector.live;

import dev.faultline.proto.v1.HistogramSample;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The p99 of an edge report's latency histogram. The agent sends an HdrHistogram in its compressed form
 * ({@code encoding = "hdr-v2"}, values in nanoseconds); another encoding, an empty or an undecodable histogram
 * gives NaN (the edge is then shown without latency) rather than failing the report.
 */
final class EdgeLatency {

  static final String HDR_V2 = "hdr-v2";

  private EdgeLatency() {}

  static double p99Seconds(HistogramSample latency) {
    if (!HDR_V2.equals(latency.getEncoding()) || latency.getEncoded().isEmpty()) {
      return Double.NaN;
    }
    try {
      Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(latency.getEncoded().toByteArray()), 0);
      return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e9;
    } catch (DataFormatException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
