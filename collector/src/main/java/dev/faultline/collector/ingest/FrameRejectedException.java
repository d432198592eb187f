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

  private FrameRejectedException(RejectionCause cause, String message) {
    super(message);
    this.cause = cause;
  }

  static FrameRejectedException badMagic(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_BAD_MAGIC, message);
  }

  static FrameRejectedException tooLarge(long length, int max) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_FRAME_TOO_LARGE,
        "frame of " + length + " bytes exceeds the limit of " + max + " bytes (ingest.max-frame-bytes)");
  }

  static FrameRejectedException malformed(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_MALFORMED, message);
  }

  static FrameRejectedException protocolViolation(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, message);
  }

  static FrameRejectedException limitExceeded(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_LIMIT_EXCEEDED, message);
  }

  static FrameRejectedException unavailable(String message) {
    return new FrameRejectedException(RejectionCause.REJECTION_CAUSE_UNAVAILABLE, message);
  }

  public RejectionCause rejectionCause() {
    return cause;
  }
}
