package dev.faultline.agent.series;

import dev.faultline.proto.v1.ClientFrame;
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

  /**
   * Encodes the samples; returns at least one batch, even for no samples (the batch still reports drops).
   *
   * @param timestampMs the group's timestamp, Unix milliseconds
   * @param droppedBatches cumulative count of batches the agent dropped so far
   * @param maxFrameBytes the frame limit in bytes, at least {@value #FRAME_OVERHEAD_BYTES} + one sample
   */
  public List<EncodedBatch> encode(long timestampMs, SampleBuffer samples, long droppedBatches, int maxFrameBytes) {
    int perFrame = Math.max(1, (maxFrameBytes - FRAME_OVERHEAD_BYTES) / MAX_SAMPLE_BYTES);
    List<EncodedBatch> out = new ArrayList<>(1);
    int start = 0;
    do {
      int end = Math.min(samples.size(), start + perFrame);
      out.add(encodeRange(timestampMs, samples, start, end, droppedBatches));
      start = end;
    } while (start < samples.size());
    return out;
  }

  /** The sequence the next batch will get. */
  public long nextSequence() {
    return nextSequence;
  }

  private EncodedBatch encodeRange(long timestampMs, SampleBuffer samples, int start, int end, long dropped) {
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
    byte[] frame = ClientFrame.newBuilder().setBatch(batch).build().toByteArray();
    return new EncodedBatch(sequence, frame, maxId);
  }
}
