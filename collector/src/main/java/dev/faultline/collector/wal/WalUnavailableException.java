package dev.faultline.collector.wal;

/**
 * The WAL cannot take an append right now: the disk is (nearly) full, a write or fsync failed, or the WAL is closed.
 *
 * <p>The ingest answers {@code Rejection{UNAVAILABLE}}: the agent keeps the batch and retries later. Nothing about the
 * failed append is on disk as an acknowledged record. Unchecked so that it can also complete futures exceptionally
 * without wrapping.
 */
public final class WalUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final WalState state;

  WalUnavailableException(WalState state, String message, Throwable cause) {
    super(message, cause);
    this.state = state;
  }

  static WalUnavailableException refusing(String reason, Throwable cause) {
    return new WalUnavailableException(WalState.REFUSING, "WAL refusing appends: " + reason, cause);
  }

  /** The writer is behind (its queue stayed full): refused now, the WAL itself stays open. */
  static WalUnavailableException busy(String reason) {
    return new WalUnavailableException(WalState.OPEN, "WAL busy: " + reason, null);
  }

  static WalUnavailableException closed() {
    return new WalUnavailableException(WalState.CLOSED, "WAL is closed", null);
  }

  /**
   * The state that caused the refusal: {@link WalState#REFUSING} or {@link WalState#CLOSED}, or {@link WalState#OPEN}
   * when only the write queue was full for too long.
   */
  public WalState state() {
    return state;
  }
}
