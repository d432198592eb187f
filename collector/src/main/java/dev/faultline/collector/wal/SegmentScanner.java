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
