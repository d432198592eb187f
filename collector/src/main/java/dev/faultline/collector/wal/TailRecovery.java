package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs once on open: validates every segment header and repairs the tail of the last segment, so that appends can
 * continue right after the last intact record.
 *
 * <p>Why only the last segment is scanned here: a segment is fsynced before the next one is created, so only the last
 * one can end in a torn write. Damage anywhere else is found (and reported per {@link WalOptions.CorruptionPolicy})
 * by replay, which reads everything anyway; scanning it twice would double start-up time.
 *
 * <p>The last segment is preallocated ({@link ActiveSegment}): if the scan stops at zero bytes and everything after
 * is zero too, that is the unused tail, not damage; it is kept, without a log line.
 *
 * <p>Decision on a bad record in the last segment: if nothing intact follows it, it is a torn or half-synced write
 * of a record that was never acknowledged; the file is cut there with one WARNING line. If intact records follow,
 * but each after a gap whose end was never written ({@link SegmentScanner#intactRecordsAfterUnwrittenGaps}), a
 * power cut hit unsynced writes that reached the disk out of order: nothing from the first gap on was acknowledged,
 * so the file is cut there with one WARNING line too. If other intact records follow, this is damage to records that may have been acknowledged: under {@code FAIL} open throws {@link
 * WalCorruptionException} and leaves the file untouched for an operator; under {@code SKIP_DAMAGED} the file is cut
 * with one SEVERE line that says so.
 */
final class TailRecovery {

  private static final Logger log = Logger.getLogger(Wal.class.getName());

  private TailRecovery() {}

  /**
   * Opens the active segment, creating the first one at {@code minBaseLsn} in an empty directory.
   *
   * @param minBaseLsn LSN below which no new record may be placed (the newest snapshot's position), so that a
   *     directory whose segments were all removed never reuses LSNs a snapshot already covers
   */
  static ActiveSegment open(WalOptions options, long minBaseLsn) throws IOException {
    Path dir = options.directory();
    List<SegmentFiles.Segment> segments = SegmentFiles.list(dir);
    if (segments.isEmpty()) {
      return ActiveSegment.create(dir, minBaseLsn, options.channelFactory(), options.segmentBytes());
    }
    for (int i = 0; i < segments.size() - 1; i++) {
      readHeader(segments.get(i), false);
    }
    SegmentFiles.Segment last = segments.get(segments.size() - 1);
    if (!readHeader(last, true)) {
      log.warning("WAL recovery: " + last.path() + " has a torn header (crash while creating it); recreated it");
      return ActiveSegment.create(dir, last.baseLsn(), options.channelFactory(), options.segmentBytes());
    }
    long end = repairTail(last, options);
    return ActiveSegment.reopen(last.path(), last.baseLsn(), end, options.channelFactory(), options.segmentBytes());
  }

  /**
   * Validates a segment header.
   *
   * @return false if the file is shorter than a header and {@code tolerateTorn}
   */
  static boolean readHeader(SegmentFiles.Segment segment, boolean tolerateTorn) throws IOException {
    try (FileChannel ch = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(SegmentHeader.BYTES);
      while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
        // keep reading
      }
      if (b.hasRemaining()) {
        if (tolerateTorn) {
          return false;
        }
        throw new WalFormatException(segment.path() + ": file of " + ch.size() + " bytes is shorter than the "
            + SegmentHeader.BYTES + "-byte segment header");
      }
      long base = SegmentHeader.decode(b, segment.path(), SegmentHeader.KIND_SEGMENT);
      if (base != segment.baseLsn()) {
        throw new WalFormatException(segment.path() + ": header says base LSN " + base + ", file name says "
            + segment.baseLsn());
      }
      return true;
    }
  }

  /** Scans the last segment and cuts it after its last intact record; returns the new size. */
  private static long repairTail(SegmentFiles.Segment last, WalOptions options) throws IOException {
    try (FileChannel ch = FileChannel.open(last.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      SegmentScanner scanner = new SegmentScanner(options.maxRecordBytes());
      SegmentScanner.Result r = scanner.scan(ch, last.baseLsn(), size, (lsn, payload) -> { });
      if (r.clean()) {
        return size;
      }
      if (r.zeros && scanner.allZero(ch, r.validEnd, size)) {
        log.fine(() -> "WAL recovery: " + last.path() + " ends at offset " + r.validEnd + ", followed by "
            + (size - r.validEnd) + " preallocated bytes never written");
        return r.validEnd; // the preallocated, unused tail: nothing to cut, nothing to report
      }
      long dropped = size - r.validEnd;
      long intactAt = scanner.findIntactRecordAfter(ch, last.baseLsn(), r.validEnd, size);
      long unacknowledged = intactAt < 0 ? -1
          : scanner.intactRecordsAfterUnwrittenGaps(ch, last.baseLsn(), r.validEnd, size);
      if (unacknowledged > 0) {
        ch.truncate(r.validEnd);
        ch.force(true);
        log.warning("WAL recovery: cut the tail of " + last.path() + " at offset " + r.validEnd + ", dropping "
            + dropped + " bytes: an unwritten gap (" + r.problem + ") left by a crash before an fsync, followed by "
            + unacknowledged + " intact records written after it, never acknowledged; " + r.records
            + " intact records kept");
        return r.validEnd;
      }
      if (intactAt >= 0 && options.corruptionPolicy() == WalOptions.CorruptionPolicy.FAIL) {
        throw new WalCorruptionException(last.path(), r.validEnd, dropped, r.problem
            + ", yet an intact record follows at offset " + intactAt + " (damage, not a torn write; the file was"
            + " left untouched)");
      }
      ch.truncate(r.validEnd);
      ch.force(true);
      if (intactAt >= 0) {
        log.log(Level.SEVERE, "WAL recovery: damaged record in " + last.path() + " at offset " + r.validEnd + " ("
            + r.problem + ") with an intact record after it at offset " + intactAt + "; policy SKIP_DAMAGED cut the"
            + " file there, dropping " + dropped + " bytes including records that may have been acknowledged");
      } else {
        log.warning("WAL recovery: cut the torn tail of " + last.path() + " at offset " + r.validEnd + ", dropping "
            + dropped + " bytes (" + r.problem + "); " + r.records + " intact records kept");
      }
      return r.validEnd;
    }
  }
}
