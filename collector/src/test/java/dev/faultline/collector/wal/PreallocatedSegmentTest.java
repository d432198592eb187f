package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.expected;
import static dev.faultline.collector.wal.WalTestSupport.record;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments are preallocated to their full size; recovery tells the unused zero tail from a torn or lost write.
 * Crash images are copies of the directory taken while the WAL is open (what a kill -9 leaves), then damaged.
 */
@Timeout(60)
class PreallocatedSegmentTest {

  private static final int SEGMENT = 64 << 10;

  @TempDir
  Path dir;

  private Path walDir() {
    return dir.resolve("wal");
  }

  private Path crashed() {
    return dir.resolve("crashed");
  }

  private WalOptions.Builder options(Path d) {
    return smallSegments(d).segmentBytes(SEGMENT);
  }

  /** Appends records {@code [0, n)} durably and returns a crash image of the directory and their LSNs. */
  private List<Long> crashImageWith(int n) throws Exception {
    try (Wal wal = Wal.open(options(walDir()).build())) {
      List<Long> lsns = WalTestSupport.appendAll(wal, 0, n);
      Files.createDirectories(crashed());
      try (var files = Files.list(walDir())) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.copy(p, crashed().resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return lsns;
    }
  }

  private Path lastSegment(Path d) throws Exception {
    List<SegmentFiles.Segment> segments = WalTestSupport.segments(d);
    return segments.get(segments.size() - 1).path();
  }

  @Test
  void segmentsArePreallocatedAndSealedToTheirRecordsOnRoll() throws Exception {
    try (Wal wal = Wal.open(options(walDir()).build())) {
      WalTestSupport.appendAll(wal, 0, 1200); // about four segments
      List<SegmentFiles.Segment> segments = WalTestSupport.segments(walDir());
      assertTrue(segments.size() >= 3, "rolled: " + segments.size());
      for (int i = 0; i < segments.size() - 1; i++) {
        assertEquals(segments.get(i + 1).baseLsn() - segments.get(i).baseLsn(), Files.size(segments.get(i).path()),
            "a sealed segment ends at its last record");
      }
      assertEquals(SEGMENT, Files.size(segments.get(segments.size() - 1).path()), "the active one is preallocated");
    }
    try (Wal wal = Wal.open(options(walDir()).build())) {
      assertEquals(expected(0, 1200), replayAll(wal, 0));
    }
  }

  @Test
  void aPreallocatedButUnusedTailReplaysCleanlyAndAppendsContinueAfterIt() throws Exception {
    crashImageWith(20);
    assertEquals(SEGMENT, Files.size(lastSegment(crashed())));
    try (WalTestSupport.LogCapture logs = new WalTestSupport.LogCapture(Wal.class);
        Wal wal = Wal.open(options(crashed()).build())) {
      assertEquals(expected(0, 20), replayAll(wal, 0));
      assertEquals(List.of(), logs.atLeast(Level.WARNING), "zeros after the last record are no damage");
      WalTestSupport.appendAll(wal, 20, 25);
    }
    try (Wal wal = Wal.open(options(crashed()).build())) {
      assertEquals(expected(0, 25), replayAll(wal, 0));
    }
  }

  @Test
  void aTornRecordInsideThePreallocatedRegionIsCutWithOneLine() throws Exception {
    List<Long> lsns = crashImageWith(20);
    Path segment = lastSegment(crashed());
    long base = WalTestSupport.segments(crashed()).get(0).baseLsn();
    long lastAt = lsns.get(19) - base;
    int lastLength = RecordFormat.HEADER_BYTES + record(19).length;
    // The header reached the disk, the second half of the payload did not (still the preallocated zeros).
    zero(segment, lastAt + lastLength / 2, lastLength - lastLength / 2);
    try (WalTestSupport.LogCapture logs = new WalTestSupport.LogCapture(Wal.class);
        Wal wal = Wal.open(options(crashed()).build())) {
      assertEquals(expected(0, 19), replayAll(wal, 0));
      assertEquals(1, logs.atLeast(Level.WARNING).size(), "one line for the cut");
      assertTrue(logs.atLeast(Level.WARNING).get(0).getMessage().contains("offset " + lastAt),
          logs.atLeast(Level.WARNING).get(0).getMessage());
      WalTestSupport.appendAll(wal, 19, 22);
    }
    try (WalTestSupport.LogCapture logs = new WalTestSupport.LogCapture(Wal.class);
        Wal wal = Wal.open(options(crashed()).build())) {
      assertEquals(expected(0, 22), replayAll(wal, 0));
      assertEquals(List.of(), logs.atLeast(Level.WARNING));
    }
  }

  @Test
  void anUnwrittenRecordBeforeAWrittenOneIsAPowerCutTailNotDamage() throws Exception {
    List<Long> lsns = crashImageWith(20);
    long base = WalTestSupport.segments(crashed()).get(0).baseLsn();
    long gapAt = lsns.get(18) - base;
    // Written back out of order before a power cut: record 19 on disk, record 18 still the preallocated zeros.
    zero(lastSegment(crashed()), gapAt, RecordFormat.HEADER_BYTES + record(18).length);
    try (WalTestSupport.LogCapture logs = new WalTestSupport.LogCapture(Wal.class);
        Wal wal = Wal.open(options(crashed()).build())) {
      assertEquals(expected(0, 18), replayAll(wal, 0));
      assertEquals(1, logs.atLeast(Level.WARNING).size(), "one line for the cut");
    }
  }

  @Test
  void junkInsteadOfZerosBeforeAnIntactRecordIsDamage() throws Exception {
    List<Long> lsns = crashImageWith(20);
    long base = WalTestSupport.segments(crashed()).get(0).baseLsn();
    long damagedAt = lsns.get(18) - base;
    byte[] junk = new byte[RecordFormat.HEADER_BYTES + record(18).length];
    java.util.Arrays.fill(junk, (byte) 0x5A);
    write(lastSegment(crashed()), damagedAt, junk);
    assertThrows(WalCorruptionException.class, () -> Wal.open(options(crashed()).build()));
  }

  private static void zero(Path file, long at, int length) throws Exception {
    write(file, at, new byte[length]);
  }

  private static void write(Path file, long at, byte[] bytes) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b, at + b.position());
      }
    }
  }
}
