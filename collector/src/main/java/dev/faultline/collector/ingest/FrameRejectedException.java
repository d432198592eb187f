package dev.faultline.collector.ingest;

import dev.faultline.proto.v1.RejectionCause;
import io.netty.handler.codec.DecoderException;

/**
 * Input on one connection broke the protocol; the connection gets a {@code Rejection} with this cause and message
 * and is closed. Extends {@link DecoderException} so Netty's decoders pass it on unwrapped.
 */
public final class FrameRejectedException extends DecoderException {

  private static final long serialVersionUID = 1L;

  private final RejectionCause cause;
  private final String limit;

  private FrameRejectedException(RejectionCause cause, String message) {
    this(cause, null, message);
  }

  private FrameRejectedException(RejectionCause cause, String limit, String message) {
    super(message);
    this.cause = cause;
    this.limit = limit;
  }

  static FrameRejectedException badMagic(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_BAD_MAGIC, message);
  }

  static FrameRejectedException tooLarge(long length, int max) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_FRAME_TOO_LARGE, "ingest.max-frame-bytes",
        "frame of " + length + " bytes exceeds the limit of " + max + " bytes (ingest.max-frame-bytes)");
  }

  static FrameRejectedException malformed(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_MALFORMED, message);
  }

  static FrameRejectedException protocolViolation(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, message);
  }

  /** A protocol violation that a configured limit detects (the handshake timeout); counted under that limit too. */
  static FrameRejectedException protocolViolation(String limit, String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, limit, message);
  }

  /** A configured limit was hit; {@code limit} is its configuration key, which also names it in the stats. */
  static FrameRejectedException limitExceeded(String limit, String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_LIMIT_EXCEEDED, limit, message);
  }

  static FrameRejectedException unavailable(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_UNAVAILABLE, message);
  }

  public RejectionCause rejectionCause() {
    return cause;
  }

  /** The configuration key of the limit that was hit, or null when no configured limit is involved. */
  public String limit() {
    return limit;
  }
}
