package dev.faultline.collector.wal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The fixed header at the start of every segment (and of every {@link DurableMap} file).
 *
 * <pre>
 * offset  0        4         6         8                16         20         24
 *         +--------+---------+---------+----------------+----------+----------+
 *         | "FLWL" | version | kind    | base LSN       | reserved | crc32c   |
 *         | 4 B    | u16 = 1 | u16     | u64            | u32 = 0  | u32      |
 *         +--------+---------+---------+----------------+----------+----------+
 *         crc32c covers bytes 0 .. 20; kind 0 = WAL segment, 1 = durable map
 * </pre>
 *
 * <p>The version is per kind. WAL segments are at version 3: batch records write their samples in runs of one
 * timestamp with keys as spans and whole-number values as varints (version 2 spent a key and a timestamp delta on
 * every sample; version 1 repeated the series definitions in every record); records refer to series definitions
 * written earlier in the same segment since version 2. Durable maps are at version 1.
 *
 * <p>Why the version is checked before the checksum: a future format may move the checksum, and "written by a newer
 * build" is a far more useful message than "corrupt header".
 */
final class SegmentHeader {

  static final int BYTES = 24;
  /**
   * Version of WAL segments. 1 was the self-contained record format (releases before 2026-11-27), 2 the per-sample
   * record format with referenced definitions (read by releases up to the "walenc" change of 2026-11-27).
   */
  static final int SEGMENT_VERSION = 3;
  static final int MAP_VERSION = 1;
  static final int KIND_SEGMENT = 0;
  static final int KIND_MAP = 1;
  private static final int MAGIC = 0x464C574C; // "FLWL"

  private SegmentHeader() {}

  static ByteBuffer encode(int kind, long baseLsn) {
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    b.putInt(MAGIC).putShort((short) versionOf(kind)).putShort((short) kind).putLong(baseLsn).putInt(0);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 20);
    b.putInt((int) crc.getValue());
    return b.flip();
  }

  private static int versionOf(int kind) {
    return kind == KIND_SEGMENT ? SEGMENT_VERSION : MAP_VERSION;
  }

  /**
   * Validates a full header read from {@code file}.
   *
   * @return the base LSN stored in it
   * @throws WalFormatException if the magic, version, kind or checksum is wrong
   */
  static long decode(ByteBuffer b, Path file, int expectedKind) throws WalFormatException {
    int magic = b.getInt(0);
    if (magic != MAGIC) {
      throw new WalFormatException(file + ": not a Faultline WAL file (magic 0x" + Integer.toHexString(magic) + ")");
    }
    int version = b.getShort(4) & 0xFFFF;
    int kindAt = b.getShort(6) & 0xFFFF;
    if (kindAt == KIND_SEGMENT && expectedKind == KIND_SEGMENT && version >= 1 && version < SEGMENT_VERSION) {
      throw new WalFormatException(file + ": WAL segment format version " + version + ", written by an older"
          + " Faultline release; this release reads version " + SEGMENT_VERSION + " only. Stop the collector, let the"
          + " older release finish (or accept losing the unsnapshotted log), move " + file.getParent() + " away and"
          + " start again with an empty wal directory");
    }
    if (version != versionOf(expectedKind)) {
      throw new WalFormatException(file + ": format version " + version + ", this build reads version "
          + versionOf(expectedKind) + " only (written by a different Faultline release?)");
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), b.arrayOffset(), 20);
    if ((int) crc.getValue() != b.getInt(20)) {
      throw new WalFormatException(file + ": segment header checksum mismatch");
    }
    int kind = b.getShort(6) & 0xFFFF;
    if (kind != expectedKind) {
      throw new WalFormatException(file + ": file kind " + kind + ", expected " + expectedKind);
    }
    return b.getLong(8);
  }
}
