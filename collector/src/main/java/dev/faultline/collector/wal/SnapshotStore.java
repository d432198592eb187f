package dev.faultline.collector.wal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
import java.util.zip.CheckedOutputStream;

/**
 * Snapshot files next to the segments: {@code snapshot-<nextLsn, 20 digits>.snap}, written atomically (temp file,
 * fsync, rename, fsync of the directory), so a crash leaves either the old or the new snapshot, never half of one.
 * The newest two are kept: if the newest turns out unreadable, the previous one still bounds replay.
 *
 * <p>Format version 2 streams the state between a header and a trailer, so that neither writing nor reading holds
 * the state in memory as one array (a full store's state is as large as the store, and a copy of it at snapshot
 * time once ran a collector out of heap):
 *
 * <pre>
 * offset  0        4         6          8                16            16+n        24+n       28+n
 *         +--------+---------+----------+----------------+-------------+-----------+----------+
 *         | "FLSN" | version | reserved | next LSN       | state bytes | length n  | crc32c   |
 *         | 4 B    | u16 = 2 | u16 = 0  | u64            | n B         | u64       | u32      |
 *         +--------+---------+----------+----------------+-------------+-----------+----------+
 *         crc32c covers every byte before it
 * </pre>
 *
 * Version 1 (header "FLSN", u16 1, u16 0, u64 next LSN, u32 length, u32 crc32c of bytes 0..20 and the state, then
 * the state) is still read.
 */
final class SnapshotStore {

  private static final Logger log = Logger.getLogger(Wal.class.getName());
  private static final int MAGIC = 0x464C534E; // "FLSN"
  private static final int VERSION = 2;
  private static final int HEADER_BYTES = 16;
  private static final int TRAILER_BYTES = 12;
  private static final int V1_HEADER_BYTES = 24;
  private static final String PREFIX = "snapshot-";
  private static final String SUFFIX = ".snap";
  private static final int KEEP = 2;

  private final Path dir;

  SnapshotStore(Path dir) {
    this.dir = dir;
  }

  /** Writes a snapshot whose state {@code body} streams; returns the state's size in bytes. */
  long write(long nextLsn, SnapshotBody body) throws IOException {
    Path target = dir.resolve(String.format("%s%020d%s", PREFIX, nextLsn, SUFFIX));
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    long length;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream file = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      CRC32C crc = new CRC32C();
      CheckedOutputStream checked = new CheckedOutputStream(file, crc);
      checked.write(ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putShort((short) VERSION).putShort((short) 0)
          .putLong(nextLsn).array());
      CountingStream state = new CountingStream(checked);
      body.writeTo(state);
      length = state.count;
      checked.write(ByteBuffer.allocate(8).putLong(length).array());
      file.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
      file.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp); // a full disk must not keep a half snapshot around
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    SegmentFiles.fsyncDirectory(dir);
    List<Path> all = list();
    for (int i = KEEP; i < all.size(); i++) {
      Files.deleteIfExists(all.get(i));
    }
    return length;
  }

  /** The newest readable snapshot (checksum verified); unreadable newer ones are logged and passed over. */
  Optional<WalSnapshot> latest() throws IOException {
    for (Path p : list()) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        WalSnapshot snapshot = verify(p, ch);
        if (snapshot != null) {
          return Optional.of(snapshot);
        }
      } catch (Unusable e) {
        log.warning("WAL snapshot " + p + " is unusable (" + e.getMessage() + "); trying an older one");
      }
    }
    return Optional.empty();
  }

  private static WalSnapshot verify(Path p, FileChannel ch) throws IOException {
    long size = ch.size();
    ByteBuffer head = ByteBuffer.allocate(V1_HEADER_BYTES);
    readFully(ch, head, 0);
    if (size < HEADER_BYTES || head.getInt(0) != MAGIC) {
      throw new Unusable("not a snapshot file");
    }
    long nextLsn = head.getLong(8);
    CRC32C crc = new CRC32C();
    switch (head.getShort(4)) {
      case 1 -> {
        long length = size < V1_HEADER_BYTES ? -1 : head.getInt(16) & 0xFFFFFFFFL;
        if (length < 0 || V1_HEADER_BYTES + length != size) {
          throw new Unusable("length " + length + " does not match file size " + size);
        }
        crc.update(head.array(), 0, 20);
        checksum(ch, crc, V1_HEADER_BYTES, size);
        if ((int) crc.getValue() != head.getInt(20)) {
          throw new Unusable("checksum mismatch");
        }
        return new WalSnapshot(nextLsn, p, V1_HEADER_BYTES, length);
      }
      case VERSION -> {
        if (size < HEADER_BYTES + TRAILER_BYTES) {
          throw new Unusable("file of " + size + " bytes is shorter than header and trailer");
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
        readFully(ch, trailer, size - TRAILER_BYTES);
        long length = trailer.getLong(0);
        if (length < 0 || HEADER_BYTES + length + TRAILER_BYTES != size) {
          throw new Unusable("length " + length + " does not match file size " + size);
        }
        checksum(ch, crc, 0, size - 4);
        if ((int) crc.getValue() != trailer.getInt(8)) {
          throw new Unusable("checksum mismatch");
        }
        return new WalSnapshot(nextLsn, p, HEADER_BYTES, length);
      }
      default -> throw new Unusable("format version " + head.getShort(4) + ", this build reads versions 1 and "
          + VERSION);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        break; // short file: the caller's size checks say so
      }
    }
  }

  private static void checksum(FileChannel ch, CRC32C crc, long from, long to) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    for (long at = from; at < to; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), to - at));
      int n = ch.read(buf, at);
      if (n < 0) {
        throw new Unusable("ends early at byte " + at);
      }
      crc.update(buf.flip());
      at += n;
    }
  }

  /** Why a snapshot file cannot be used. */
  private static final class Unusable extends IOException {
    Unusable(String message) {
      super(message);
    }
  }

  /** Counts what the body writes; closing it does not close the file (the body must not, but may). */
  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    private long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** Position of the newest snapshot by file name, without reading it; -1 if none. */
  long newestNextLsn() throws IOException {
    List<Path> all = list();
    return all.isEmpty() ? -1 : lsnOf(all.get(0));
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
