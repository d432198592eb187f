package dev.faultline.collector.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Framing of one record inside a segment file.
 *
 * <pre>
 * offset  0        4          8                 16
 *         +--------+----------+-----------------+------------------+
 *         | crc32c | length   | lsn             | payload          |
 *         | u32    | u32      | u64             | length bytes     |
 *         +--------+----------+-----------------+------------------+
 *         crc32c covers bytes 4 .. 16+length (length, lsn and payload); all integers big-endian
 * </pre>
 *
 * <p>Why the record carries its own LSN (its absolute byte position): it makes a record valid only at the place it
 * was written. Zero-filled or stale bytes never parse as a record, and after a damaged record the reader can look
 * for the next intact one cheaply (an 8-byte compare per offset) to tell a torn tail from damage in the middle.
 */
final class RecordFormat {

  static final int HEADER_BYTES = 16;

  private RecordFormat() {}

  /**
   * Fills {@code header} (position 0, 16 bytes) for {@code payload} at {@code lsn} and flips it for writing.
   * Does not move the payload's position.
   */
  static void writeHeader(ByteBuffer header, long lsn, ByteBuffer payload, CRC32C crc) {
    header.clear();
    header.putInt(0).putInt(payload.remaining()).putLong(lsn);
    crc.reset();
    crc.update(header.array(), 4, 12);
    crc.update(payload.duplicate());
    header.putInt(0, (int) crc.getValue());
    header.flip();
  }

  /**
   * Frames {@code payload} (from its position to its limit; not moved) as the record at {@code lsn}: header and
   * payload in one new array, ready to be written as is.
   */
  static byte[] frame(long lsn, ByteBuffer payload, CRC32C crc) {
    int length = payload.remaining();
    byte[] out = new byte[HEADER_BYTES + length];
    ByteBuffer b = ByteBuffer.wrap(out);
    b.putInt(0).putInt(length).putLong(lsn);
    payload.duplicate().get(out, HEADER_BYTES, length);
    crc.reset();
    crc.update(out, 4, HEADER_BYTES - 4 + length);
    b.putInt(0, (int) crc.getValue());
    return out;
  }

  /**
   * Frames {@code payload} (from its position to its limit; not moved) as the record at {@code lsn} into {@code dst},
   * whose limit must be {@link #HEADER_BYTES} + the payload's length; leaves {@code dst} from 0 to its limit, ready
   * to be written as is. The same bytes as {@link #frame}.
   */
  static void frameInto(ByteBuffer dst, long lsn, ByteBuffer payload, CRC32C crc) {
    int length = payload.remaining();
    if (dst.remaining() != HEADER_BYTES + length) {
      throw new IllegalArgumentException("frame buffer of " + dst.remaining() + " bytes for a record of " + length);
    }
    int start = dst.position();
    dst.putInt(0).putInt(length).putLong(lsn).put(payload.duplicate());
    dst.position(start);
    crc.reset();
    crc.update(dst.duplicate().position(start + 4));
    dst.putInt(start, (int) crc.getValue());
  }

  /** Whether the {@link #HEADER_BYTES} at {@code at} are all zero: never written (preallocated or cut), not a record. */
  static boolean isZeroHeader(ByteBuffer buf, int at) {
    return buf.getLong(at) == 0 && buf.getLong(at + 8) == 0;
  }

  /**
   * Checks the record whose header starts at {@code buf.position()} and whose payload follows it in {@code buf}.
   *
   * @return true if the stored checksum matches
   */
  static boolean checksumMatches(ByteBuffer buf, int recordStart, int length, CRC32C crc) {
    crc.reset();
    ByteBuffer covered = buf.duplicate();
    covered.limit(recordStart + HEADER_BYTES + length).position(recordStart + 4);
    crc.update(covered);
    return (int) crc.getValue() == buf.getInt(recordStart);
  }
}
