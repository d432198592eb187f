package dev.faultline.agent.series;

import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.SampleGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one interval's samples into one or more {@code ClientFrame{batch}} frames, numbering them 1, 2, 3, ...
 *
 * <p>A batch that would exceed the frame limit is split into several batches, each with its own sequence, by
 * cutting the sample arrays. The cut uses the worst-case size of a sample (5-byte varint id + 8-byte double), so
 * no frame is ever over the limit; the wasted slack is irrelevant for batches of this size. Not thread-safe: one
 * collection thread owns it.
 */
public final class BatchEncoder {

  /** Worst-case bytes of one packed sample: varint uint32 id plus a fixed 64-bit double. */
  static final int MAX_SAMPLE_BYTES = 13;
  /** Generous bound for everything in a frame that is not a sample (tags, lengths, sequence, timestamp). */
  static final int FRAME_OVERHEAD_BYTES = 128;

  private long nextSequence = 1;
  private long droppedExtras;

  /**
   * Encodes the samples; returns at least one batch, even for no samples (the batch still reports drops).
   *
   * @param timestampMs the group's timestamp, Unix milliseconds
   * @param droppedBatches cumulative count of batches the agent dropped so far
   * @param maxFrameBytes the frame limit in bytes, at least {@value #FRAME_OVERHEAD_BYTES} + one sample
   */
  public List<EncodedBatch> encode(long timestampMs, SampleBuffer samples, long droppedBatches, int maxFrameBytes) {
    return encode(timestampMs, samples, null, droppedBatches, maxFrameBytes);
  }

  /**
   * As {@link #encode(long, SampleBuffer, long, int)}, and the first batch also carries {@code extra}'s sample
   * groups, histograms, edges and events (the instrumentation's interval report, may be null). Its series ids must
   * come from the same {@link SeriesRegistry}. When {@code extra} alone would not fit in a frame it is left out
   * and {@link #droppedExtras()} counts it (with the 4 MiB default limit that needs thousands of endpoints).
   */
  public List<EncodedBatch> encode(long timestampMs, SampleBuffer samples, MetricBatch.Builder extra,
      long droppedBatches, int maxFrameBytes) {
    int extraBytes = extra == null ? 0 : extra.build().getSerializedSize() + 8;
    if (extra != null && extraBytes + FRAME_OVERHEAD_BYTES + MAX_SAMPLE_BYTES > maxFrameBytes) {
      droppedExtras++;
      extra = null;
      extraBytes = 0;
    }
    int perFrame = Math.max(1, (maxFrameBytes - FRAME_OVERHEAD_BYTES) / MAX_SAMPLE_BYTES);
    int firstFrame = Math.max(1, (maxFrameBytes - FRAME_OVERHEAD_BYTES - extraBytes) / MAX_SAMPLE_BYTES);
    List<EncodedBatch> out = new ArrayList<>(1);
    int start = 0;
    do {
      int end = Math.min(samples.size(), start + (start == 0 ? firstFrame : perFrame));
      out.add(encodeRange(timestampMs, samples, start, end, droppedBatches, start == 0 ? extra : null));
      start = end;
    } while (start < samples.size());
    return out;
  }

  /** Intervals whose instrumentation report was too large for one frame and was left out. */
  public long droppedExtras() {
    return droppedExtras;
  }

  private static int maxSeriesId(MetricBatch.Builder extra) {
    int max = 0;
    for (SampleGroup g : extra.getGroupsList()) {
      for (int i = 0; i < g.getSeriesIdsCount(); i++) {
        max = Math.max(max, g.getSeriesIds(i));
      }
    }
    for (HistogramSample h : extra.getHistogramsList()) {
      max = Math.max(max, h.getSeriesId());
    }
    return max;
  }

  /** The sequence the next batch will get. */
  public long nextSequence() {
    return nextSequence;
  }

  private EncodedBatch encodeRange(long timestampMs, SampleBuffer samples, int start, int end, long dropped,
      MetricBatch.Builder extra) {
    SampleGroup.Builder group = SampleGroup.newBuilder().setTimestampUnixMs(timestampMs);
    int maxId = 0;
    for (int i = start; i < end; i++) {
      int id = samples.id(i);
      group.addSeriesIds(id);
      group.addValues(samples.value(i));
      maxId = Math.max(maxId, id);
    }
    long sequence = nextSequence++;
    MetricBatch.Builder batch = MetricBatch.newBuilder().setSequence(sequence).setDroppedBatches(dropped);
    if (end > start) {
      batch.addGroups(group);
    }
    if (extra != null) {
      maxId = Math.max(maxId, maxSeriesId(extra));
      batch.addAllGroups(extra.getGroupsList())
          .addAllHistograms(extra.getHistogramsList())
          .addAllEdges(extra.getEdgesList())
          .addAllEvents(extra.getEventsList());
    }
    byte[] frame = ClientFrame.newBuilder().setBatch(batch).build().toByteArray();
    return new EncodedBatch(sequence, frame, maxId);
  }
}
