package dev.faultline.agent.series;

/**
 * A batch ready for the wire: its sequence, the serialized {@code ClientFrame} (without the length prefix) and
 * the highest series id it uses, so the sender knows which definitions must precede it.
 */
public final class EncodedBatch {

  private final long sequence;
  private final byte[] frame;
  private final int maxSeriesId;

  public EncodedBatch(long sequence, byte[] frame, int maxSeriesId) {
    this.sequence = sequence;
    this.frame = frame;
    this.maxSeriesId = maxSeriesId;
  }

  public long sequence() {
    return sequence;
  }

  /** The serialized ClientFrame; do not modify. */
  public byte[] frame() {
    return frame;
  }

  public int maxSeriesId() {
    return maxSeriesId;
  }
}
