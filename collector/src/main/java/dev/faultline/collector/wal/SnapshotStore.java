package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Snapshot files next to the segments: {@code snapshot-<nextLsn, 20 digits>.snap}, written atomically (temp file,
 * fsync, rename, fsync of the directory), so a crash leaves either the old or the new snapshot, never half of one.
 * The newest two are kept: if the newest turns out unreadable, the previous one still bounds replay.
 *
 * <pre>
 * offset  0        4         6          8                16         20         24
 *         +--------+---------+----------+----------------+----------+----------+-------------+
 *         | "FLSN" | version | reserved | next LSN       | length   | crc32c   | state bytes |
 *         | 4 B    | u16 = 1 | u16 = 0  | u64            | u32      | u32      | length B    |
 *         +--------+---------+----------+----------------+----------+----------+-------------+
 *         crc32c covers bytes 0 .. 20 and the state bytes
 * </pre>
 */
final class SnapshotStore {

  private static final Logger log = Logger.getLogger(Wal.class.getName());
  private static final int MAGIC = 0x464C534E; // "FLSN"
  private static final int HEADER_BYTES = 24;
  private static final String PREFIX = "snapshot-";
  private static final String SUFFIX = ".snap";
  private static final int KEEP = 2;

  private final Path dir;

  SnapshotStore(Path dir) {
    this.dir = dir;
  }

  void write(long nextLsn, byte[] state) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.putInt(MAGIC).putShort((short) 1).putShort((short) 0).putLong(nextLsn).putInt(state.length);
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, 20);
    crc.update(state);
    header.putInt((int) crc.getValue()).flip();
    Path target = dir.resolve(String.format("%s%020d%s", PREFIX, nextLsn, SUFFIX));
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer body = ByteBuffer.wrap(state);
      while (header.hasRemaining() || body.hasRemaining()) {
        ch.write(new ByteBuffer[] {header, body});
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    SegmentFiles.fsyncDirectory(dir);
    List<Path> all = list();
    for (int i = KEEP; i < all.size(); i++) {
      Files.deleteIfExists(all.get(i));
    }
  }

  /** The newest readable snapshot; unreadable newer ones are logged and passed over. */
  Optional<WalSnapshot> latest() throws IOException {
    for (Path p : list()) {
      byte[] bytes = Files.readAllBytes(p);
      ByteBuffer b = ByteBuffer.wrap(bytes);
      String problem = check(b, bytes.length);
      if (problem == null) {
        byte[] state = new byte[b.getInt(16)];
        System.arraycopy(bytes, HEADER_BYTES, state, 0, state.length);
        return Optional.of(new WalSnapshot(b.getLong(8), state));
      }
      log.warning("WAL snapshot " + p + " is unusable (" + problem + "); trying an older one");
    }
    return Optional.empty();
  }

  /** Position of the newest snapshot by file name, without reading it; -1 if none. */
  long newestNextLsn() throws IOException {
    List<Path> all = list();
    return all.isEmpty() ? -1 : lsnOf(all.get(0));
  }

  private static String check(ByteBuffer b, int size) {
    if (size < HEADER_BYTES || b.getInt(0) != MAGIC) {
      return "not a snapshot file";
    }
    if (b.getShort(4) != 1) {
      return "format version " + b.getShort(4) + ", this build reads version 1";
    }
    int length = b.getInt(16);
    if (length < 0 || HEADER_BYTES + (long) length != size) {
      return "length " + length + " does not match file size " + size;
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 20);
    crc.update(b.array(), HEADER_BYTES, length);
    return (int) crc.getValue() == b.getInt(20) ? null : "checksum mismatch";
  }

  /** Snapshot files, newest first. */
  private List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      files.forEach(out::add);
    }
    out.sort(Comparator.comparingLong(SnapshotStore::lsnOf).reversed());
    return out;
  }

  private static long lsnOf(Path p) {
    String name = p.getFileName().toString();
    try {
      return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
