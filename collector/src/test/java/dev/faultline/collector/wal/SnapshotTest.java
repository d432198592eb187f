package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.appendAll;
import static dev.faultline.collector.wal.WalTestSupport.expected;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.segments;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SnapshotTest {

  @TempDir Path dir;

  @Test
  void replayStartsAtTheSnapshotPositionAndCoveredSegmentsAreDeleted() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      appendAll(wal, 0, 100);
      int segmentsBefore = segments(dir).size();
      wal.writeSnapshot(wal.endLsn(), "state after 100".getBytes(StandardCharsets.UTF_8));
      assertTrue(segments(dir).size() < segmentsBefore, "covered segments deleted");
      appendAll(wal, 100, 120);
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      WalSnapshot snapshot = wal.latestSnapshot().orElseThrow();
      assertArrayEquals("state after 100".getBytes(StandardCharsets.UTF_8), snapshot.state());
      assertEquals(expected(100, 120), replayAll(wal, snapshot.nextLsn()));
    }
  }

  @Test
  void snapshotAtALastAppliedRecordKeepsItsSegment() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      List<Long> lsns = appendAll(wal, 0, 100);
      wal.writeSnapshot(lsns.get(49) + 1, new byte[] {50});
      assertEquals(expected(50, 100), replayAll(wal, wal.latestSnapshot().orElseThrow().nextLsn()));
    }
  }

  @Test
  void damagedNewestSnapshotFallsBackToThePreviousOne() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).deleteSegmentsCoveredBySnapshot(false).build())) {
      appendAll(wal, 0, 10);
      wal.writeSnapshot(wal.endLsn(), new byte[] {10});
      appendAll(wal, 10, 20);
      wal.writeSnapshot(wal.endLsn(), new byte[] {20});
      appendAll(wal, 20, 30);
      wal.writeSnapshot(wal.endLsn(), new byte[] {30});
      List<Path> snaps = snapshotFiles();
      assertEquals(2, snaps.size(), "only the newest two are kept");
      Path newest = snaps.get(snaps.size() - 1);
      try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
        f.seek(f.length() - 1);
        f.write(99);
      }
      assertArrayEquals(new byte[] {20}, wal.latestSnapshot().orElseThrow().state());
    }
  }

  @Test
  void leftoverTempFileFromACrashedSnapshotIsIgnored() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      appendAll(wal, 0, 10);
      Files.write(dir.resolve("snapshot-00000000000000099999.snap.tmp"), new byte[] {1, 2, 3});
      assertTrue(wal.latestSnapshot().isEmpty());
    }
  }

  @Test
  void logStartedAfterAllSegmentsWereRemovedNeverReusesLsnsTheSnapshotCovers() throws Exception {
    long covered;
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      appendAll(wal, 0, 50);
      covered = wal.endLsn();
      wal.writeSnapshot(covered, new byte[] {50});
    }
    for (SegmentFiles.Segment s : segments(dir)) {
      Files.delete(s.path()); // an operator cleaned up the log but kept the snapshot
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      assertTrue(wal.endLsn() > covered);
      appendAll(wal, 50, 60);
      assertEquals(expected(50, 60), replayAll(wal, wal.latestSnapshot().orElseThrow().nextLsn()));
    }
  }

  private List<Path> snapshotFiles() throws Exception {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "snapshot-*.snap")) {
      s.forEach(out::add);
    }
    out.sort(null);
    return out;
  }
}
