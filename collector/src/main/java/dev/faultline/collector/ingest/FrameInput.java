package dev.faultline.collector.ingest;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A protobuf wire-format reader over a frame's own buffers: the socket reads it lies in, one or several (a frame
 * spanning reads is a composite of them, see {@link FrameCumulator}). Nothing is copied into an intermediate array.
 *
 * <p>Why not {@code CodedInputStream}: protobuf-java 4.x reads only arrays and streams, so a direct buffer (every
 * socket read) or a composite was first copied into a fresh {@code byte[]} of the frame's size, and it assembles
 * each packed double from 8 single-byte loads. Here packed doubles go from the read buffer into the target array
 * as one bulk copy per buffer ({@link #readDoubles}), and varints are decoded in place. Only what is rare or small
 * (a Hello, definitions, events) is copied out, for the generated parsers ({@link #readBytes}).
 *
 * <pre>
 * frame: [ part 0 ........ ][ part 1 ....... ]      parts = the frame's NIO buffers, in order
 *                 ^pos (in cur)      ^limit (frame offset; pushLimit narrows it to a nested message)
 * </pre>
 *
 * Malformed input throws {@link FrameRejectedException} (MALFORMED). Not thread-safe; one per frame.
 */
final class FrameInput {

  static final int WIRETYPE_VARINT = 0;
  static final int WIRETYPE_FIXED64 = 1;
  static final int WIRETYPE_LENGTH_DELIMITED = 2;
  static final int WIRETYPE_START_GROUP = 3;
  static final int WIRETYPE_END_GROUP = 4;
  static final int WIRETYPE_FIXED32 = 5;

  /** Nesting of groups skipped as unknown fields, as protobuf's own recursion limit. */
  private static final int MAX_GROUP_DEPTH = 100;

  private final ByteBuffer[] parts;
  private int part;
  private ByteBuffer cur;
  /** Frame offset of {@code cur}'s index 0. */
  private int partBase;
  /** Index of the next byte in {@code cur}. */
  private int pos;
  /** Frame offset where the current (possibly nested) message ends. */
  private int limit;

  /** Reads the readable bytes of {@code frame}, which is neither consumed nor released. */
  FrameInput(ByteBuf frame) {
    ByteBuffer[] nio = frame.nioBufferCount() == 1 ? new ByteBuffer[] {frame.nioBuffer()} : frame.nioBuffers();
    int total = 0;
    for (int i = 0; i < nio.length; i++) {
      nio[i] = nio[i].slice().order(ByteOrder.LITTLE_ENDIAN); // index 0 = first readable byte; fixed64 is LE
      total += nio[i].remaining();
    }
    this.parts = nio.length == 0 ? new ByteBuffer[] {ByteBuffer.allocate(0)} : nio;
    this.cur = parts[0];
    this.limit = total;
  }

  /** The next field's tag, or 0 at the end of the current message. */
  int readTag() {
    if (position() == limit) {
      return 0;
    }
    int tag = (int) readVarint64();
    if (tag >>> 3 == 0) {
      throw malformed("a field with number 0 (invalid tag)");
    }
    return tag;
  }

  /** Frame offset of the next byte. */
  int position() {
    return partBase + pos;
  }

  int bytesUntilLimit() {
    return limit - position();
  }

  /** Narrows the readable range to the next {@code length} bytes; returns the old limit for {@link #popLimit}. */
  int pushLimit(int length) {
    if (length < 0) {
      throw malformed("a negative length");
    }
    int newLimit = position() + length;
    if (newLimit > limit || newLimit < 0) {
      throw truncated();
    }
    int old = limit;
    limit = newLimit;
    return old;
  }

  void popLimit(int oldLimit) {
    limit = oldLimit;
  }

  /** A varint (up to 10 bytes); the high bits of longer encodings are dropped as protobuf does for int32. */
  long readVarint64() {
    if (available() >= 10) { // fast path: the whole varint is in this buffer, within the limit
      int p = pos;
      long b = cur.get(p++);
      if (b >= 0) {
        pos = p;
        return b;
      }
      long result = b & 0x7F;
      for (int shift = 7; shift < 70; shift += 7) {
        b = cur.get(p++);
        result |= (b & 0x7F) << shift;
        if (b >= 0) {
          pos = p;
          return result;
        }
      }
      throw malformed("a varint longer than 10 bytes");
    }
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      byte b = readByte();
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw malformed("a varint longer than 10 bytes");
  }

  /** {@code uint32} / {@code int32} as protobuf reads them: the low 32 bits of the varint. */
  int readVarint32() {
    if (available() >= 1) {
      byte b = cur.get(pos);
      if (b >= 0) { // one-byte varints (small series ids) are the common case
        pos++;
        return b;
      }
    }
    return (int) readVarint64();
  }

  /** A little-endian fixed64. */
  long readFixed64() {
    if (available() >= 8) {
      long v = cur.getLong(pos);
      pos += 8;
      return v;
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (readByte() & 0xFFL) << (8 * i);
    }
    return v;
  }

  /** Reads {@code n} packed little-endian doubles into {@code dst[offset ..]}: a bulk copy per buffer. */
  void readDoubles(double[] dst, int offset, int n) {
    while (n > 0) {
      int whole = Math.min(n, available() / 8);
      if (whole > 0) {
        cur.position(pos);
        cur.asDoubleBuffer().get(dst, offset, whole);
        pos += whole * 8;
        offset += whole;
        n -= whole;
      } else { // a double split between two reads (or truncated)
        dst[offset++] = Double.longBitsToDouble(readFixed64());
        n--;
      }
    }
  }

  /** The next {@code length} bytes, copied (for the generated parsers of rare or small messages). */
  byte[] readBytes(int length) {
    int old = pushLimit(length);
    byte[] out = new byte[length];
    int done = 0;
    while (done < length) {
      int n = Math.min(length - done, available());
      if (n == 0) {
        nextPart();
        continue;
      }
      cur.get(pos, out, done, n);
      pos += n;
      done += n;
    }
    popLimit(old);
    return out;
  }

  void skipBytes(int length) {
    int old = pushLimit(length);
    int left = length;
    while (left > 0) {
      int n = Math.min(left, available());
      if (n == 0) {
        nextPart();
        continue;
      }
      pos += n;
      left -= n;
    }
    popLimit(old);
  }

  /**
   * Skips the field whose tag was just read; false for an end-group tag (the caller's message, if a group, ends).
   */
  boolean skipField(int tag) {
    return skipField(tag, 0);
  }

  private boolean skipField(int tag, int depth) {
    switch (tag & 7) {
      case WIRETYPE_VARINT -> readVarint64();
      case WIRETYPE_FIXED64 -> skipBytes(8);
      case WIRETYPE_LENGTH_DELIMITED -> skipBytes(readVarint32());
      case WIRETYPE_START_GROUP -> {
        if (depth >= MAX_GROUP_DEPTH) {
          throw malformed("groups nested more than " + MAX_GROUP_DEPTH + " deep");
        }
        int inner;
        do {
          inner = readTag();
        } while (inner != 0 && skipField(inner, depth + 1));
        if (inner != ((tag & ~7) | WIRETYPE_END_GROUP)) {
          throw malformed("a group without its end tag");
        }
      }
      case WIRETYPE_END_GROUP -> {
        return false;
      }
      case WIRETYPE_FIXED32 -> skipBytes(4);
      default -> throw malformed("a field of invalid wire type " + (tag & 7));
    }
    return true;
  }

  /** Bytes readable in {@code cur} without crossing the limit. */
  private int available() {
    return Math.min(cur.limit(), limit - partBase) - pos;
  }

  private byte readByte() {
    if (position() >= limit) {
      throw truncated();
    }
    if (pos == cur.limit()) {
      nextPart();
    }
    return cur.get(pos++);
  }

  /** Moves to the next buffer that has bytes (the limit was checked by the caller). */
  private void nextPart() {
    while (pos == cur.limit()) {
      if (part + 1 == parts.length) {
        throw truncated();
      }
      partBase += cur.limit();
      cur = parts[++part];
      pos = 0;
    }
  }

  private static FrameRejectedException truncated() {
    return malformed("the message ends in the middle of a field (truncated, or a length is wrong)");
  }

  private static FrameRejectedException malformed(String what) {
    return FrameRejectedException.malformed("malformed frame: " + what);
  }
}
