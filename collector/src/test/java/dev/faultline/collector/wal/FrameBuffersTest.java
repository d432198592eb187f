package dev.faultline.collector.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Records framed into pooled direct buffers: the same bytes as a heap frame, and the buffers reused within a bound. */
class FrameBuffersTest {

  @Test
  void aDirectFrameHasTheSameBytesAsAHeapFrameAndPassesTheChecksum() {
    byte[] payload = new byte[50_000];
    new Random(7).nextBytes(payload);
    ByteBuffer record = ByteBuffer.wrap(payload, 100, 40_000); // a view with an offset, as the encoder hands over
    CRC32C crc = new CRC32C();
    byte[] heap = RecordFormat.frame(123_456, record, crc);
    ByteBuffer direct = new FrameBuffers(1 << 20).take(RecordFormat.HEADER_BYTES + record.remaining());
    RecordFormat.frameInto(direct, 123_456, record, crc);
    assertEquals(100, record.position(), "the payload is not moved");
    assertEquals(heap.length, direct.remaining());
    byte[] copy = new byte[direct.remaining()];
    direct.duplicate().get(copy);
    assertArrayEquals(heap, copy);
    assertTrue(RecordFormat.checksumMatches(direct, 0, record.remaining(), crc));
    copy[RecordFormat.HEADER_BYTES + 5] ^= 1;
    assertTrue(!RecordFormat.checksumMatches(ByteBuffer.wrap(copy), 0, record.remaining(), crc));
  }

  @Test
  void aFrameBufferOfTheWrongSizeIsRefused() {
    ByteBuffer dst = ByteBuffer.allocateDirect(64);
    assertThrows(IllegalArgumentException.class,
        () -> RecordFormat.frameInto(dst, 24, ByteBuffer.wrap(new byte[10]), new CRC32C()));
  }

  @Test
  void buffersComeInPowerOfTwoSizesAndAreReusedAfterRelease() {
    FrameBuffers pool = new FrameBuffers(1 << 20);
    ByteBuffer a = pool.take(50_016);
    assertTrue(a.isDirect());
    assertEquals(64 << 10, a.capacity());
    assertEquals(0, a.position());
    assertEquals(50_016, a.limit());
    a.position(a.limit()); // written
    pool.release(a);
    assertEquals(64 << 10, pool.retainedBytes());
    ByteBuffer b = pool.take(40_000);
    assertSame(a, b, "the released buffer of that size is handed out again");
    assertEquals(0, b.position());
    assertEquals(40_000, b.limit());
    assertEquals(0, pool.retainedBytes());
    assertEquals(FrameBuffers.MIN_BYTES, pool.take(1).capacity());
    assertEquals(0, FrameBuffers.sizeClass(FrameBuffers.MIN_BYTES));
    assertEquals(1, FrameBuffers.sizeClass(FrameBuffers.MIN_BYTES + 1));
  }

  @Test
  void largeFramesGetNoPooledBufferAndFreeBuffersStayWithinTheBound() {
    FrameBuffers pool = new FrameBuffers(100 << 10);
    assertNull(pool.take(FrameBuffers.MAX_BYTES + 1));
    ByteBuffer a = pool.take(60 << 10);
    ByteBuffer b = pool.take(60 << 10);
    pool.release(a);
    pool.release(b); // 2 x 64 KiB > 100 KiB: the second is left to the garbage collector
    assertEquals(64 << 10, pool.retainedBytes());
    pool.release(ByteBuffer.allocate(4096)); // not one of ours
    assertEquals(64 << 10, pool.retainedBytes());
  }
}
