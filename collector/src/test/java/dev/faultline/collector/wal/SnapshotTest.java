package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.appendAll;
import static dev.faultline.collector.wal.WalTestSupport.expected;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.segments;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
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

  @Test
  void aStateOfManyMegabytesIsStreamedToTheFileAndBack() throws Exception {
    long size = 40L << 20;
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      appendAll(wal, 0, 10);
      long written = wal.writeSnapshot(wal.endLsn(), out -> {
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 16];
        for (long done = 0; done < size; done += chunk.length) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      });
      assertEquals(size, written);
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      WalSnapshot snapshot = wal.latestSnapshot().orElseThrow();
      assertEquals(size, snapshot.size());
      Random random = new Random(7);
      byte[] expected = new byte[1 << 16];
      byte[] actual = new byte[1 << 16];
      try (InputStream in = snapshot.open()) {
        for (long done = 0; done < size; done += expected.length) {
          random.nextBytes(expected);
          assertEquals(actual.length, in.readNBytes(actual, 0, actual.length));
          assertArrayEquals(expected, actual, "bytes at " + done);
        }
        assertEquals(-1, in.read(), "the stream ends with the state, before the trailer");
      }
    }
  }

  @Test
  void aSnapshotThatFailsHalfWayLeavesThePreviousOneAndNoTemporaryFile() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      appendAll(wal, 0, 10);
      wal.writeSnapshot(wal.endLsn(), new byte[] {10});
      appendAll(wal, 10, 20);
      IOException e = assertThrows(IOException.class, () -> wal.writeSnapshot(wal.endLsn(), out -> {
        out.write(new byte[1000]);
        throw new IOException("No space left on device");
      }));
      assertEquals("No space left on device", e.getMessage());
      assertArrayEquals(new byte[] {10}, wal.latestSnapshot().orElseThrow().state());
      try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
        assertFalse(tmp.iterator().hasNext(), "no half-written snapshot left behind");
      }
    }
  }

  @Test
  void aDamagedByteInsideTheStateIsCaughtByTheChecksum() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).deleteSegmentsCoveredBySnapshot(false).build())) {
      appendAll(wal, 0, 10);
      wal.writeSnapshot(wal.endLsn(), new byte[] {10});
      appendAll(wal, 10, 20);
      byte[] state = new byte[100];
      Arrays.fill(state, (byte) 20);
      wal.writeSnapshot(wal.endLsn(), state);
      List<Path> snaps = snapshotFiles();
      try (RandomAccessFile f = new RandomAccessFile(snaps.get(snaps.size() - 1).toFile(), "rw")) {
        f.seek(16 + 50);
        f.write(21);
      }
      assertArrayEquals(new byte[] {10}, wal.latestSnapshot().orElseThrow().state());
    }
  }

  @Test
  void snapshotFilesOfFormatVersionOneAreStillRead() throws Exception {
    long covered;
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      appendAll(wal, 0, 10);
      covered = wal.endLsn();
    }
    byte[] state = "written by the previous release".getBytes(StandardCharsets.UTF_8);
    ByteBuffer file = ByteBuffer.allocate(24 + state.length);
    file.putInt(0x464C534E).putShort((short) 1).putShort((short) 0).putLong(covered).putInt(state.length);
    CRC32C crc = new CRC32C();
    crc.update(file.array(), 0, 20);
    crc.update(state);
    file.putInt((int) crc.getValue()).put(state);
    Files.write(dir.resolve(String.format("snapshot-%020d.snap", covered)), file.array());
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      WalSnapshot snapshot = wal.latestSnapshot().orElseThrow();
      assertEquals(covered, snapshot.nextLsn());
      assertArrayEquals(state, snapshot.state());
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
