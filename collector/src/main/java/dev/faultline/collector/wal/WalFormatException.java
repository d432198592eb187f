package dev.faultline.collector.wal;

import java.io.IOException;

/** A WAL file that this build cannot read: wrong magic, unknown format version, damaged header. */
public final class WalFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public WalFormatException(String message) {
    super(message);
  }
}
