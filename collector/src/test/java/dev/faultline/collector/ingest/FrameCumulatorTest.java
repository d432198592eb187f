package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FrameCumulatorTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void aWellFilledLargeReadIsAppendedWithoutCopying() {
    ByteBuf pending = filled(100, 1);
    ByteBuf read = filled(FrameCumulator.MIN_COMPONENT_BYTES, 2);
    ByteBuf joined = FrameCumulator.INSTANCE.cumulate(alloc, pending, read);
    try {
      assertTrue(joined instanceof CompositeByteBuf, joined.getClass().getName());
      // the read's own memory is part of the result (a copy would leave it out)
      read.setByte(read.readerIndex(), 9);
      assertArrayEquals(concat(bytes(100, 1), withFirst(bytes(FrameCumulator.MIN_COMPONENT_BYTES, 2), 9)),
          ByteBufUtil.getBytes(joined));
    } finally {
      joined.release();
    }
  }

  @Test
  void smallOrMostlyEmptyReadsAreCopied() {
    // a peer trickling bytes must not make the decoder hold a large buffer per few bytes
    ByteBuf mostlyEmpty = alloc.buffer(4 * FrameCumulator.MIN_COMPONENT_BYTES).writeBytes(
        bytes(FrameCumulator.MIN_COMPONENT_BYTES, 3));
    ByteBuf joined = FrameCumulator.INSTANCE.cumulate(alloc, filled(10, 1), mostlyEmpty);
    joined = FrameCumulator.INSTANCE.cumulate(alloc, joined, filled(1, 4));
    try {
      assertFalse(joined instanceof CompositeByteBuf, joined.getClass().getName());
      assertArrayEquals(concat(concat(bytes(10, 1), bytes(FrameCumulator.MIN_COMPONENT_BYTES, 3)), bytes(1, 4)),
          ByteBufUtil.getBytes(joined));
    } finally {
      joined.release();
    }
  }

  @Test
  void anEmptyCumulationIsReplacedByTheRead() {
    ByteBuf read = filled(10, 5);
    ByteBuf joined = FrameCumulator.INSTANCE.cumulate(alloc, Unpooled.EMPTY_BUFFER, read);
    assertTrue(joined == read);
    joined.release();
  }

  private ByteBuf filled(int n, int seed) {
    return Unpooled.buffer(n).writeBytes(bytes(n, seed));
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static byte[] withFirst(byte[] b, int first) {
    b[0] = (byte) first;
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
