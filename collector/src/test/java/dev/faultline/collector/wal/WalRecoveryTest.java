package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.appendAll;
import static dev.faultline.collector.wal.WalTestSupport.expected;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.segments;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.wal.WalTestSupport.LogCapture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WalRecoveryTest {

  @TempDir Path dir;

  @Test
  void checksumMismatchAtTheTailIsCutWithOneLogLineAndAppendsContinue() throws Exception {
    List<Long> lsns = write(10);
    Path last = lastSegment();
    long lastOffset = lsns.get(9) - baseOf(last);
    flipByte(last, lastOffset + RecordFormat.HEADER_BYTES + 3);
    long bytesBefore = Files.size(last);

    try (LogCapture logs = new LogCapture(Wal.class); Wal wal = Wal.open(smallSegments(dir).build())) {
      List<LogRecord> warnings = logs.atLeast(Level.WARNING);
      assertEquals(1, warnings.size(), "exactly one log line");
      String line = warnings.get(0).getMessage();
      assertTrue(line.contains(last.toString()), line);
      assertTrue(line.contains("offset " + lastOffset), line);
      assertTrue(line.contains("dropping " + (bytesBefore - lastOffset) + " bytes"), line);
      assertTrue(line.contains("checksum"), line);
      assertEquals(4096, Files.size(last), "cut, then preallocated to the segment size again");
      assertEquals(expected(0, 9), replayAll(wal, 0));
      appendAll(wal, 100, 101);
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      List<String> all = replayAll(wal, 0);
      assertEquals(10, all.size());
      assertEquals(expected(100, 101).get(0), all.get(9));
    }
  }

  @Test
  void tornLastRecordIsCutOff() throws Exception {
    List<Long> lsns = write(10);
    Path last = lastSegment();
    try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
      f.setLength(f.length() - 7); // the crash came in the middle of the last write
    }
    try (LogCapture logs = new LogCapture(Wal.class); Wal wal = Wal.open(smallSegments(dir).build())) {
      assertEquals(1, logs.atLeast(Level.WARNING).size());
      assertTrue(logs.atLeast(Level.WARNING).get(0).getMessage().contains("extends past the end"));
      assertEquals(expected(0, 9), replayAll(wal, 0));
      assertEquals(lsns.get(9), wal.endLsn(), "the next append reuses the torn record's place");
    }
  }

  @Test
  void tornSegmentHeaderIsRecreated() throws Exception {
    write(10);
    Path last = lastSegment();
    long base = baseOf(last);
    Path next = SegmentFiles.pathFor(dir, base + Files.size(last));
    Files.write(next, new byte[] {'F', 'L'}); // crash right after creating the next segment
    try (LogCapture logs = new LogCapture(Wal.class); Wal wal = Wal.open(smallSegments(dir).build())) {
      assertEquals(1, logs.atLeast(Level.WARNING).size());
      appendAll(wal, 10, 12);
      assertEquals(expected(0, 12), replayAll(wal, 0));
    }
  }

  @Test
  void corruptionInTheMiddleStopsReplayWithTheFileAndOffsetByDefault() throws Exception {
    write(100);
    Path first = segments(dir).get(0).path();
    long offset = SegmentHeader.BYTES + RecordFormat.HEADER_BYTES + 1;
    flipByte(first, offset);
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> replayAll(wal, 0));
      assertEquals(first, e.file());
      assertEquals(SegmentHeader.BYTES, e.fileOffset());
      assertEquals(Files.size(first) - SegmentHeader.BYTES, e.lostBytes());
      assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }
  }

  @Test
  void corruptionInTheMiddleIsSkippedAndReportedUnderSkipDamaged() throws Exception {
    write(100);
    List<SegmentFiles.Segment> segs = segments(dir);
    Path second = segs.get(1).path();
    int inFirst = countRecords(segs.get(0).path());
    int lost = countRecords(second);
    flipByte(second, SegmentHeader.BYTES + 10); // inside the first record's LSN field
    WalOptions options = smallSegments(dir).corruptionPolicy(WalOptions.CorruptionPolicy.SKIP_DAMAGED).build();
    try (LogCapture logs = new LogCapture(Wal.class); Wal wal = Wal.open(options)) {
      List<String> seen = new java.util.ArrayList<>();
      ReplaySummary summary = wal.replay(0, (lsn, b) -> seen.add(java.nio.charset.StandardCharsets.UTF_8.decode(b)
          .toString()));
      assertEquals(1, summary.damagedSegments());
      assertEquals(Files.size(second) - SegmentHeader.BYTES, summary.skippedBytes());
      assertEquals(100 - lost, seen.size());
      assertEquals(expected(0, inFirst), seen.subList(0, inFirst));
      assertEquals(expected(inFirst + lost, 100), seen.subList(inFirst, seen.size()));
      List<LogRecord> severe = logs.atLeast(Level.SEVERE);
      assertEquals(1, severe.size());
      assertTrue(severe.get(0).getMessage().contains(second.toString()));
    }
  }

  @Test
  void segmentCutShortInTheMiddleIsReported() throws Exception {
    List<Long> lsns = write(100);
    Path first = segments(dir).get(0).path();
    long secondRecordOffset = lsns.get(1) - baseOf(first);
    try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
      f.setLength(secondRecordOffset); // at a record boundary: only the seam check can see it
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> replayAll(wal, 0));
      assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }
  }

  @Test
  void damageInTheLastSegmentWithIntactRecordsAfterItFailsOpenAndLeavesTheFile() throws Exception {
    List<Long> lsns = write(10);
    Path last = lastSegment();
    long size = Files.size(last);
    flipByte(last, lsns.get(7) - baseOf(last) + RecordFormat.HEADER_BYTES);
    WalCorruptionException e = assertThrows(WalCorruptionException.class,
        () -> Wal.open(smallSegments(dir).build()));
    assertTrue(e.getMessage().contains("intact record follows"), e.getMessage());
    assertEquals(size, Files.size(last));
  }

  @Test
  void damageInTheLastSegmentIsCutWithASevereLineUnderSkipDamaged() throws Exception {
    List<Long> lsns = write(10);
    Path last = lastSegment();
    long damagedAt = lsns.get(7) - baseOf(last);
    flipByte(last, damagedAt + RecordFormat.HEADER_BYTES);
    WalOptions options = smallSegments(dir).corruptionPolicy(WalOptions.CorruptionPolicy.SKIP_DAMAGED).build();
    try (LogCapture logs = new LogCapture(Wal.class); Wal wal = Wal.open(options)) {
      List<LogRecord> warnings = logs.atLeast(Level.WARNING);
      assertEquals(1, warnings.size());
      assertEquals(Level.SEVERE, warnings.get(0).getLevel());
      assertTrue(warnings.get(0).getMessage().contains("may have been acknowledged"));
      assertEquals(expected(0, 7), replayAll(wal, 0));
    }
  }

  @Test
  void segmentWithAnotherFormatVersionIsAClearError() throws Exception {
    write(100);
    Path first = segments(dir).get(0).path();
    try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
      f.seek(4);
      f.writeShort(7);
    }
    WalFormatException e = assertThrows(WalFormatException.class, () -> Wal.open(smallSegments(dir).build()));
    assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("format version 7, this build reads version 3"), e.getMessage());
  }

  /** Format 1: records carried their series definitions; format 2: a key and a timestamp delta per sample. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
  void segmentOfAnOlderFormatIsAnActionableError(int version) throws Exception {
    write(100);
    Path first = segments(dir).get(0).path();
    try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
      f.seek(4);
      f.writeShort(version);
    }
    WalFormatException e = assertThrows(WalFormatException.class, () -> Wal.open(smallSegments(dir).build()));
    assertTrue(e.getMessage().contains("format version " + version + ", written by an older Faultline release"),
        e.getMessage());
    assertTrue(e.getMessage().contains("reads version 3 only"), e.getMessage());
    assertTrue(e.getMessage().contains("move " + dir + " away"), e.getMessage());
  }

  @Test
  void foreignFileWithASegmentNameIsAClearError() throws Exception {
    write(100);
    Path first = segments(dir).get(0).path();
    Files.write(first, "definitely not a WAL segment".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    WalFormatException e = assertThrows(WalFormatException.class, () -> Wal.open(smallSegments(dir).build()));
    assertTrue(e.getMessage().contains("not a Faultline WAL file"), e.getMessage());
  }

  private List<Long> write(int n) throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      return appendAll(wal, 0, n);
    }
  }

  private Path lastSegment() throws IOException {
    List<SegmentFiles.Segment> segs = segments(dir);
    return segs.get(segs.size() - 1).path();
  }

  private static long baseOf(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(0, 20));
  }

  private int countRecords(Path segment) throws IOException {
    try (var ch = java.nio.channels.FileChannel.open(segment)) {
      return (int) new SegmentScanner(1024).scan(ch, baseOf(segment), ch.size(), (l, b) -> { }).records;
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x5A);
    }
  }
}
