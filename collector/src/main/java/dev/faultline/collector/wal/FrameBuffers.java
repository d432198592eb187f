package dev.faultline.collector.wal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers that appends frame their records into, handed back by the writer thread once written, so the next
 * appends reuse them. Why: framing into a new heap array per record made one large allocation per batch (garbage
 * that the WAL's in-flight records kept alive until written), and a heap buffer is copied once more by the JDK into a
 * temporary direct buffer on {@code write}; a direct frame is written as it is.
 *
 * <p>Sizes are powers of two from {@link #MIN_BYTES} to {@link #MAX_BYTES}; a larger frame gets a heap buffer
 * ({@link #take} returns null). At most {@code retainBytes} of free buffers are kept (the write queue's bound plus a
 * writer batch: what can be in flight at once); beyond that a released buffer is left to the garbage collector.
 * Thread-safe.
 */
final class FrameBuffers {

  static final int MIN_BYTES = 4 << 10;
  static final int MAX_BYTES = 1 << 20;
  private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_BYTES);
  private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_BYTES) - MIN_SHIFT + 1;

  private final long retainBytes;
  private final ArrayDeque<ByteBuffer>[] free;
  private long retained;

  @SuppressWarnings("unchecked")
  FrameBuffers(long retainBytes) {
    this.retainBytes = retainBytes;
    this.free = new ArrayDeque[CLASSES];
    for (int i = 0; i < CLASSES; i++) {
      free[i] = new ArrayDeque<>();
    }
  }

  /** A direct buffer with position 0 and limit {@code bytes}; null if {@code bytes} is above {@link #MAX_BYTES}. */
  ByteBuffer take(int bytes) {
    if (bytes > MAX_BYTES) {
      return null;
    }
    int c = sizeClass(bytes);
    ByteBuffer b;
    synchronized (this) {
      b = free[c].pollLast();
      if (b != null) {
        retained -= b.capacity();
      }
    }
    if (b == null) {
      b = ByteBuffer.allocateDirect(MIN_BYTES << c);
    }
    b.clear().limit(bytes);
    return b;
  }

  /** Hands back a buffer from {@link #take} once nothing reads it any more; other buffers are ignored. */
  void release(ByteBuffer b) {
    if (!b.isDirect() || Integer.bitCount(b.capacity()) != 1 || b.capacity() < MIN_BYTES
        || b.capacity() > MAX_BYTES) {
      return;
    }
    synchronized (this) {
      if (retained + b.capacity() <= retainBytes) {
        free[sizeClass(b.capacity())].addLast(b);
        retained += b.capacity();
      }
    }
  }

  /** Bytes of free buffers kept now. */
  synchronized long retainedBytes() {
    return retained;
  }

  /** Index of the smallest size class that holds {@code bytes}. */
  static int sizeClass(int bytes) {
    int size = Math.max(MIN_BYTES, bytes);
    int shift = 32 - Integer.numberOfLeadingZeros(size - 1); // ceil(log2(size))
    return shift - MIN_SHIFT;
  }
}
