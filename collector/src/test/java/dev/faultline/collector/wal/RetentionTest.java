package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.appendAll;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.segments;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RetentionTest {

  private static final long NOW = 1_800_000_000_000L;

  @TempDir Path dir;

  @Test
  void deletesOnlyARunOfTheOldestSegments() {
    WalOptions options = WalOptions.builder(dir).retentionMaxAge(Duration.ofHours(1)).build();
    long hourAgo = NOW - Duration.ofHours(1).toMillis();
    List<Retention.SegmentInfo> closed = List.of(
        new Retention.SegmentInfo(0, 100, hourAgo - 5),
        new Retention.SegmentInfo(100, 100, hourAgo + 5), // young: stops the run
        new Retention.SegmentInfo(200, 100, hourAgo - 5)); // old, but after a kept one: no hole in the log
    assertEquals(1, Retention.segmentsToDelete(closed, 10, 300, NOW, options, -1));
  }

  @Test
  void byteLimitDeletesOldestUntilUnderIt() {
    WalOptions options = WalOptions.builder(dir).retentionMaxBytes(250).build();
    List<Retention.SegmentInfo> closed = List.of(new Retention.SegmentInfo(0, 100, NOW),
        new Retention.SegmentInfo(100, 100, NOW), new Retention.SegmentInfo(200, 100, NOW));
    assertEquals(2, Retention.segmentsToDelete(closed, 60, 300, NOW, options, -1));
  }

  @Test
  void snapshotDeletesSegmentsItFullyCovers() {
    WalOptions options = WalOptions.builder(dir).build();
    List<Retention.SegmentInfo> closed = List.of(new Retention.SegmentInfo(0, 100, NOW),
        new Retention.SegmentInfo(100, 100, NOW), new Retention.SegmentInfo(200, 100, NOW));
    assertEquals(1, Retention.segmentsToDelete(closed, 50, 300, NOW, options, 150));
    assertEquals(2, Retention.segmentsToDelete(closed, 50, 300, NOW, options, 200));
    assertEquals(3, Retention.segmentsToDelete(closed, 50, 300, NOW, options, 320), "never the active one");
  }

  @Test
  void byteLimitKeepsTheLogBoundedAndNeverDeletesTheActiveSegment() throws Exception {
    WalOptions options = smallSegments(dir).retentionMaxBytes(5 * 4096).build();
    try (Wal wal = Wal.open(options)) {
      appendAll(wal, 0, 500);
      List<SegmentFiles.Segment> left = segments(dir);
      long total = 0;
      for (SegmentFiles.Segment s : left) {
        total += Files.size(s.path());
      }
      // Retention runs on each roll, so the active segment can add up to one segment on top of the limit.
      assertTrue(total <= 6 * 4096, "total " + total);
      assertTrue(left.size() <= 6, "segments " + left.size());
      long activeBase = left.get(left.size() - 1).baseLsn();
      assertTrue(activeBase < wal.endLsn() && wal.endLsn() - activeBase <= 4096,
          "the active segment (holding the end of the log) is still there");
      List<String> replayed = replayAll(wal, 0);
      assertEquals(WalTestSupport.expected(500 - replayed.size(), 500), replayed, "a suffix of the log remains");
    }
  }

  @Test
  void ageLimitDeletesWholeOldSegmentsButNotTheActiveOne() throws Exception {
    long now = System.currentTimeMillis();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
    WalOptions options = smallSegments(dir).retentionMaxAge(Duration.ofHours(1)).clock(clock).build();
    try (Wal wal = Wal.open(options)) {
      appendAll(wal, 0, 100);
      List<SegmentFiles.Segment> before = segments(dir);
      FileTime old = FileTime.fromMillis(now - Duration.ofHours(2).toMillis());
      for (int i = 0; i < 3; i++) {
        Files.setLastModifiedTime(before.get(i).path(), old);
      }
      Files.setLastModifiedTime(before.get(before.size() - 1).path(), old); // active: old but kept
      assertEquals(3, wal.enforceRetention());
      List<SegmentFiles.Segment> after = segments(dir);
      assertEquals(before.subList(3, before.size()), after);
      appendAll(wal, 100, 101);
    }
  }
}
