package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.expected;
import static dev.faultline.collector.wal.WalTestSupport.record;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.segments;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Records encoded straight into a WAL frame buffer ({@link Wal#appendFramed}): the same log as copied appends. */
@Timeout(90)
class FramedAppendTest {

  @TempDir Path dir;

  /** A record that refers to no definitions. */
  private static final RecordDefinitions NONE = new RecordDefinitions() {
    @Override
    public int count() {
      return 0;
    }

    @Override
    public int key(int i) {
      throw new IndexOutOfBoundsException(i);
    }

    @Override
    public ByteBuffer encode(int[] keys, int from, int to) {
      throw new AssertionError("no keys");
    }
  };

  @Test
  void combinedChecksumEqualsTheChecksumOfTheWhole() {
    Random random = new Random(7);
    for (int lengthA : new int[] {0, 1, 12, 100}) {
      for (int lengthB : new int[] {0, 1, 7, 12, 4096, 70_001}) {
        byte[] a = new byte[lengthA];
        byte[] b = new byte[lengthB];
        random.nextBytes(a);
        random.nextBytes(b);
        CRC32C whole = new CRC32C();
        whole.update(a);
        whole.update(b);
        assertEquals((int) whole.getValue(), Crc32cCombine.combine(crc(a), crc(b), lengthB),
            "lengths " + lengthA + " + " + lengthB);
      }
    }
  }

  @Test
  void framedAppendsWriteTheSameSegmentsAsCopiedOnes() throws Exception {
    Path copied = Files.createDirectories(dir.resolve("copied"));
    Path framed = Files.createDirectories(dir.resolve("framed"));
    try (Wal wal = Wal.open(smallSegments(copied).build())) {
      CompletableFuture<?>[] durable = new CompletableFuture<?>[150];
      for (int i = 0; i < 150; i++) {
        durable[i] = wal.append(record(i));
      }
      CompletableFuture.allOf(durable).get(30, TimeUnit.SECONDS); // group commits: fsyncs are slow on a busy disk
    }
    try (Wal wal = Wal.open(smallSegments(framed).build())) {
      CompletableFuture<?>[] durable = new CompletableFuture<?>[150];
      for (int i = 0; i < 150; i++) {
        durable[i] = appendFramed(wal, record(i));
      }
      CompletableFuture.allOf(durable).get(30, TimeUnit.SECONDS);
    }
    assertTrue(segments(framed).size() > 3, "several segments (rolls included)");
    assertEquals(segments(copied).size(), segments(framed).size());
    for (int s = 0; s < segments(copied).size(); s++) {
      assertArrayEquals(Files.readAllBytes(segments(copied).get(s).path()),
          Files.readAllBytes(segments(framed).get(s).path()), "segment " + s);
    }
    try (Wal wal = Wal.open(smallSegments(framed).build())) {
      assertEquals(expected(0, 150), replayAll(wal, 0));
    }
  }

  @Test
  void aFramedAppendToAClosedLogIsRefused() throws Exception {
    Wal wal = Wal.open(smallSegments(dir).build());
    ByteBuffer frame = frame(wal, record(1));
    wal.close();
    assertThrows(WalUnavailableException.class, () -> wal.appendFramed(frame, NONE, AppendCallback.of(l -> { }, e -> { })));
  }

  @Test
  void aFramedRecordAboveTheRecordLimitIsRejected() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      ByteBuffer frame = frame(wal, new byte[2000]); // maxRecordBytes 1024
      assertThrows(IllegalArgumentException.class,
          () -> wal.appendFramed(frame, NONE, AppendCallback.of(l -> { }, e -> { })));
    }
  }

  private static CompletableFuture<Long> appendFramed(Wal wal, byte[] payload) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    wal.appendFramed(frame(wal, payload), NONE, AppendCallback.of(done::complete, done::completeExceptionally));
    return done;
  }

  private static ByteBuffer frame(Wal wal, byte[] payload) {
    ByteBuffer frame = wal.frameBuffer(payload.length);
    frame.put(Wal.RECORD_HEADER_BYTES, payload).limit(Wal.RECORD_HEADER_BYTES + payload.length);
    return frame;
  }

  private static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }
}
