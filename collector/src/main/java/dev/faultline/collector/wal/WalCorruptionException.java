package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Damage in the middle of the log: a bad record, or a segment that ends short of where the next one begins, with
 * intact data after it. Thrown by replay under {@link WalOptions.CorruptionPolicy#FAIL}; the operator decides what to
 * do (restore the file, or restart with {@link WalOptions.CorruptionPolicy#SKIP_DAMAGED}).
 */
public final class WalCorruptionException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long fileOffset;
  private final long lostBytes;

  WalCorruptionException(Path file, long fileOffset, long lostBytes, String detail) {
    super(file + " at offset " + fileOffset + ": " + detail + "; " + lostBytes
        + " bytes of this segment cannot be read and later segments are intact");
    this.file = file;
    this.fileOffset = fileOffset;
    this.lostBytes = lostBytes;
  }

  /** The damaged segment file. */
  public Path file() {
    return file;
  }

  /** Offset within {@link #file()} of the first unreadable byte. */
  public long fileOffset() {
    return fileOffset;
  }

  /** Bytes from {@link #fileOffset()} to the end of the damaged segment. */
  public long lostBytes() {
    return lostBytes;
  }
}
