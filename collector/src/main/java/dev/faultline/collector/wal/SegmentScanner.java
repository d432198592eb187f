package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment file in order and stops at the first record that is incomplete or fails its
 * checks. Not thread-safe; one scanner per replay.
 *
 * <p>Why a plain positional read into one reused direct buffer instead of a memory map: replay reads every byte once, in
 * order, so the kernel's read-ahead does the work, and a map of a file that is truncated meanwhile could fault.
 */
final class SegmentScanner {

  private static final int INITIAL_BUFFER_BYTES = 4 << 20;

  private final int maxRecordBytes;
  private final CRC32C crc = new CRC32C();
  // Direct: the kernel copies straight into it (a heap buffer costs a second copy through a temporary direct one).
  private ByteBuffer buf = ByteBuffer.allocateDirect(INITIAL_BUFFER_BYTES);
  private long bufStart;

  SegmentScanner(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Receives each intact record; {@code payload} is only valid during the call. */
  interface Visitor {
    void visit(long lsn, ByteBuffer payload) throws IOException;
  }

  /** Where and why a scan stopped. */
  static final class Result {
    /** File offset just past the last intact record (the header size for a segment without records). */
    long validEnd;
    long records;
    /** Why the scan stopped early, or null if it read up to the limit. */
    String problem;
    /** True if the stop was an incomplete record at the very end (a torn write), false for a failed check. */
    boolean torn;
    /** True if the scan stopped at an all-zero record header: bytes never written (preallocated tail, or a gap). */
    boolean zeros;

    boolean clean() {
      return problem == null;
    }
  }

  /**
   * Scans {@code [SegmentHeader.BYTES, limit)} of a segment whose first byte has LSN {@code base}.
   *
   * @param limit file offset to stop at: the file size, or the writer's end for the active segment
   */
  Result scan(FileChannel ch, long base, long limit, Visitor visitor) throws IOException {
    Result r = new Result();
    bufStart = SegmentHeader.BYTES;
    buf.clear().limit(0);
    long pos = SegmentHeader.BYTES;
    while (pos < limit) {
      if (!fill(ch, pos, RecordFormat.HEADER_BYTES, limit)) {
        return stop(r, pos, true, "incomplete record header (" + (limit - pos) + " bytes)");
      }
      int at = (int) (pos - bufStart);
      if (RecordFormat.isZeroHeader(buf, at)) {
        r.zeros = true;
        return stop(r, pos, false, "unwritten (zero) bytes where a record header was expected");
      }
      int length = buf.getInt(at + 4);
      long lsn = buf.getLong(at + 8);
      if (lsn != base + pos) {
        return stop(r, pos, false, "record position mark " + lsn + " where " + (base + pos) + " was expected");
      }
      if (length < 0 || length > maxRecordBytes) {
        return stop(r, pos, false, "implausible record length " + length);
      }
      if (pos + RecordFormat.HEADER_BYTES + length > limit) {
        return stop(r, pos, true, "record of " + length + " bytes extends past the end of the file");
      }
      if (!fill(ch, pos, RecordFormat.HEADER_BYTES + length, limit)) {
        return stop(r, pos, true, "file ended before its expected size (truncated meanwhile?)");
      }
      at = (int) (pos - bufStart);
      if (!RecordFormat.checksumMatches(buf, at, length, crc)) {
        return stop(r, pos, false, "checksum mismatch in record of " + length + " bytes");
      }
      visitor.visit(lsn, buf.slice(at + RecordFormat.HEADER_BYTES, length).asReadOnlyBuffer());
      pos += RecordFormat.HEADER_BYTES + length;
      r.records++;
    }
    r.validEnd = pos;
    return r;
  }

  /**
   * Looks for an intact record anywhere after a damaged spot at {@code from}. Only used on the failure path, so a
   * byte-by-byte search is fine: each candidate costs one 8-byte compare before any checksum is computed.
   *
   * @return the file offset of the first intact record after {@code from}, or -1
   */
  long findIntactRecordAfter(FileChannel ch, long base, long from, long limit) throws IOException {
    long start = from + 1;
    if (limit - start < RecordFormat.HEADER_BYTES) {
      return -1;
    }
    MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, start, limit - start);
    int size = map.capacity();
    for (int i = 0; i + RecordFormat.HEADER_BYTES <= size; i++) {
      if (map.getLong(i + 8) != base + start + i) {
        continue;
      }
      int length = map.getInt(i + 4);
      if (length >= 0 && length <= maxRecordBytes && i + RecordFormat.HEADER_BYTES + (long) length <= size
          && RecordFormat.checksumMatches(map, i, length, crc)) {
        return start + i;
      }
    }
    return -1;
  }

  /** Whether every byte of {@code [from, limit)} is zero: the unused, preallocated tail of a segment. */
  boolean allZero(FileChannel ch, long from, long limit) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
    long pos = from;
    while (pos < limit) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), limit - pos));
      int n = ch.read(chunk, pos);
      if (n < 0) {
        return true; // the file is shorter than the limit: nothing written there either
      }
      chunk.flip();
      while (chunk.remaining() >= 8) {
        if (chunk.getLong() != 0) {
          return false;
        }
      }
      while (chunk.hasRemaining()) {
        if (chunk.get() != 0) {
          return false;
        }
      }
      pos += n;
    }
    return true;
  }

  /**
   * Whether the bytes from {@code from} (where a scan stopped at a bad record) to {@code limit} are what a crash
   * leaves in a preallocated segment while written records were not yet fsynced: intact records, each preceded by a
   * gap that ends in never-written (zero) bytes, plus anything after the last intact record (a torn tail).
   *
   * <p>Why this signature: without an fsync the kernel writes dirty pages back in any order, so after a power cut a
   * later page of the unsynced tail can be on disk while an earlier one is not, or only partly (up to a page
   * boundary); the earlier one reads as the preallocated zeros. Damage to written records (a flipped bit, a torn
   * sector) leaves the damaged record's own bytes there instead. Nothing after an unsynced byte was acknowledged.
   *
   * @return the number of intact records after {@code from} if the bytes fit this description, else -1
   */
  long intactRecordsAfterUnwrittenGaps(FileChannel ch, long base, long from, long limit) throws IOException {
    MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, from, limit - from);
    long mapBase = base + from;
    int size = map.capacity();
    int pos = 0;
    long intact = 0;
    while (pos < size) {
      int next = nextIntact(map, mapBase, pos + 1);
      if (next < 0) {
        return intact; // what follows the last intact record is a torn tail or the preallocated zeros
      }
      if (!endsUnwritten(map, from, pos, next)) {
        return -1;
      }
      pos = next;
      int length;
      while (pos < size && (length = intactLength(map, mapBase, pos)) >= 0) {
        pos += RecordFormat.HEADER_BYTES + length;
        intact++;
      }
    }
    return intact;
  }

  private static final int PAGE_BYTES = 4096;

  /** Whether the map's bytes {@code [gapStart, gapEnd)} end in zeros from {@code gapStart} or a page boundary on. */
  private static boolean endsUnwritten(ByteBuffer map, long mapFileOffset, int gapStart, int gapEnd) {
    int z = gapEnd;
    while (z > gapStart && map.get(z - 1) == 0) {
      z--;
    }
    if (z == gapEnd) {
      return false;
    }
    if (z == gapStart) {
      return true;
    }
    long pageAfterWritten = (mapFileOffset + z + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
    return pageAfterWritten < mapFileOffset + gapEnd;
  }

  /** The map offset of the first intact record at or after {@code from}, or -1. */
  private int nextIntact(ByteBuffer map, long mapBase, int from) {
    for (int i = from; i + RecordFormat.HEADER_BYTES <= map.capacity(); i++) {
      if (intactLength(map, mapBase, i) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The payload length of the intact record at map offset {@code i} (LSN {@code mapBase + i}), or -1. */
  private int intactLength(ByteBuffer map, long mapBase, int i) {
    int size = map.capacity();
    if (i + RecordFormat.HEADER_BYTES > size || map.getLong(i + 8) != mapBase + i) {
      return -1;
    }
    int length = map.getInt(i + 4);
    if (length >= 0 && length <= maxRecordBytes && i + RecordFormat.HEADER_BYTES + (long) length <= size
        && RecordFormat.checksumMatches(map, i, length, crc)) {
      return length;
    }
    return -1;
  }

  private Result stop(Result r, long pos, boolean torn, String problem) {
    r.validEnd = pos;
    r.torn = torn;
    r.problem = problem;
    return r;
  }

  /** Makes {@code need} bytes from file offset {@code pos} available in the buffer; false if the file ends first. */
  private boolean fill(FileChannel ch, long pos, int need, long limit) throws IOException {
    if (pos + need > limit) {
      return false;
    }
    if (pos - bufStart + need <= buf.limit()) {
      return true;
    }
    buf.position((int) (pos - bufStart));
    buf.compact();
    bufStart = pos;
    if (buf.capacity() < need) {
      ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(need, buf.capacity() * 2));
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
    while (buf.position() < need) {
      long fileAt = bufStart + buf.position();
      int room = (int) Math.min(buf.remaining(), limit - fileAt);
      ByteBuffer dst = buf.duplicate();
      dst.limit(buf.position() + room);
      int n = ch.read(dst, fileAt);
      if (n < 0) {
        buf.flip();
        return false;
      }
      buf.position(buf.position() + n);
    }
    buf.flip();
    return true;
  }
}
