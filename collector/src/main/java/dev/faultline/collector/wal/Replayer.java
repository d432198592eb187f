package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reads the log from a position to the writer's current end, checking every record and the seams between
 * segments (each segment must end exactly where the next one begins). Not thread-safe; one per replay call.
 */
final class Replayer {

  private static final Logger log = Logger.getLogger(Wal.class.getName());

  private final WalOptions options;
  private final SegmentScanner scanner;
  private long records;
  private long recordBytes;
  private long lastLsn = -1;
  private int damagedSegments;
  private long skippedBytes;

  Replayer(WalOptions options) {
    this.options = options;
    this.scanner = new SegmentScanner(options.maxRecordBytes());
  }

  /**
   * @param endLsn the writer's end when replay started; records appended later are not read
   */
  ReplaySummary replay(long fromLsn, long endLsn, RecordHandler handler) throws IOException {
    long t0 = System.nanoTime();
    List<SegmentFiles.Segment> segments = SegmentFiles.list(options.directory());
    int first = 0;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).baseLsn() <= fromLsn) {
        first = i;
      }
    }
    SegmentScanner.Visitor visitor = (lsn, payload) -> {
      if (lsn >= fromLsn) {
        records++;
        recordBytes += payload.remaining();
        lastLsn = lsn;
        handler.accept(lsn, payload);
      }
    };
    for (int i = first; i < segments.size(); i++) {
      SegmentFiles.Segment segment = segments.get(i);
      if (segment.baseLsn() >= endLsn) {
        break; // created after replay started
      }
      boolean last = i == segments.size() - 1 || segments.get(i + 1).baseLsn() >= endLsn;
      replaySegment(segment, last ? endLsn : segments.get(i + 1).baseLsn(), last, visitor);
    }
    return new ReplaySummary(records, recordBytes, lastLsn, damagedSegments, skippedBytes, System.nanoTime() - t0);
  }

  /** @param endLsn where this segment must end: the next segment's base, or the writer's end for the last one */
  private void replaySegment(SegmentFiles.Segment segment, long endLsn, boolean last,
      SegmentScanner.Visitor visitor) throws IOException {
    TailRecovery.readHeader(segment, false);
    try (FileChannel ch = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
      long size = ch.size();
      long expectedSize = endLsn - segment.baseLsn();
      long limit = last ? Math.min(size, expectedSize) : size;
      SegmentScanner.Result r = scanner.scan(ch, segment.baseLsn(), limit, visitor);
      if (!r.clean()) {
        damage(segment, r.validEnd, Math.max(limit, expectedSize) - r.validEnd, r.problem);
      } else if (limit != expectedSize) {
        damage(segment, limit, Math.abs(expectedSize - limit), "segment ends at LSN " + (segment.baseLsn() + limit)
            + " but the log continues at LSN " + endLsn + " (segment cut short or overlapping)");
      }
    }
  }

  private void damage(SegmentFiles.Segment segment, long offset, long lost, String problem)
      throws WalCorruptionException {
    WalCorruptionException e = new WalCorruptionException(segment.path(), offset, lost, problem);
    if (options.corruptionPolicy() == WalOptions.CorruptionPolicy.FAIL) {
      throw e;
    }
    damagedSegments++;
    skippedBytes += lost;
    log.severe("WAL replay skipped damaged data (policy SKIP_DAMAGED): " + e.getMessage()
        + "; records from LSN " + (segment.baseLsn() + offset) + " to the end of that segment are lost");
  }
}
