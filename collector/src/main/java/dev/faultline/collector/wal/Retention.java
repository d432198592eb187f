package dev.faultline.collector.wal;

import java.util.List;

/**
 * Decides which closed segments to delete: always a run of the oldest ones, so the log never gets a hole in the
 * middle, and never the active segment. A segment goes if any of these holds: its last write is older than the
 * maximum age; the log is larger than the byte limit; or (if enabled) the newest snapshot covers all its records.
 */
final class Retention {

  private Retention() {}

  /** A closed segment as retention sees it. */
  record SegmentInfo(long baseLsn, long bytes, long lastModifiedMillis) {}

  /**
   * @param closed closed segments, oldest first
   * @param activeBaseLsn base of the active segment (the end of the last closed one)
   * @param snapshotNextLsn the newest snapshot's position, or -1 if none (or if covered segments are kept)
   * @return how many of the oldest segments to delete
   */
  static int segmentsToDelete(List<SegmentInfo> closed, long activeBytes, long activeBaseLsn, long nowMillis,
      WalOptions options, long snapshotNextLsn) {
    long total = activeBytes;
    for (SegmentInfo s : closed) {
      total += s.bytes();
    }
    long oldestKeptMillis = nowMillis - options.retentionMaxAge().toMillis();
    int n = 0;
    while (n < closed.size()) {
      SegmentInfo s = closed.get(n);
      long end = n + 1 < closed.size() ? closed.get(n + 1).baseLsn() : activeBaseLsn;
      boolean tooOld = s.lastModifiedMillis() < oldestKeptMillis;
      boolean overBudget = total > options.retentionMaxBytes();
      boolean covered = snapshotNextLsn >= 0 && end <= snapshotNextLsn;
      if (!tooOld && !overBudget && !covered) {
        break;
      }
      total -= s.bytes();
      n++;
    }
    return n;
  }
}
