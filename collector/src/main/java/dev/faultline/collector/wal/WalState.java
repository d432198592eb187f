package dev.faultline.collector.wal;

/** Whether the WAL takes appends. */
public enum WalState {
  /** Appends are accepted. */
  OPEN,
  /**
   * Appends fail fast with {@link WalUnavailableException}: free space is below the threshold, or a write or fsync
   * failed. Leaves this state on its own once the free-space probe reports enough space again and the active segment
   * has been repaired.
   */
  REFUSING,
  /** {@link Wal#close()} was called. */
  CLOSED
}
