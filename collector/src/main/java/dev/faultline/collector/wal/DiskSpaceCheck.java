package dev.faultline.collector.wal;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rate-limited free-space probe: asks the {@link FreeSpaceProbe} at most once per disk-check interval (and once
 * right after each segment roll), so appends pay for a clock read, not a {@code statvfs}. Not thread-safe; the
 * writer calls it under its lock.
 */
final class DiskSpaceCheck {

  private static final Logger log = Logger.getLogger(Wal.class.getName());

  private final WalOptions options;
  private long nextCheckMillis;

  DiskSpaceCheck(WalOptions options) {
    this.options = options;
  }

  /** True (and the slot is used up) if a probe is due now. */
  boolean due() {
    long now = options.clock().millis();
    if (now < nextCheckMillis) {
      return false;
    }
    nextCheckMillis = now + options.diskCheckInterval().toMillis();
    return true;
  }

  /** Makes the next {@link #due()} true. */
  void checkSoon() {
    nextCheckMillis = 0;
  }

  /** Probes now; returns why space is short, or null if there is enough (or the probe cannot tell). */
  String shortage() {
    if (options.minFreeBytes() == 0) {
      return null;
    }
    long usable;
    try {
      usable = options.freeSpaceProbe().usableBytes(options.directory());
    } catch (IOException e) {
      // Cannot tell: keep accepting; a really full disk still shows up as a failed write.
      log.log(Level.FINE, "free-space probe failed", e);
      return null;
    }
    return usable >= options.minFreeBytes() ? null : "usable space " + usable + " bytes is below the minimum of "
        + options.minFreeBytes() + " bytes in " + options.directory();
  }
}
