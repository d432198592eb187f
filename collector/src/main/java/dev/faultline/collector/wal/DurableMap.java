package dev.faultline.collector.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * A small durable map from string id to bytes (JSON of an incident or an RCA result), kept whole in memory and
 * backed by one append-only file that is compacted when mostly garbage. Every {@link #put} and {@link #remove} is
 * fsynced before it returns: incidents are few, losing one is not acceptable.
 *
 * <pre>{@code
 * try (DurableMap incidents = DurableMap.open(dataDir.resolve("incidents.dmap"))) {
 *   incidents.put(incident.id(), json);                  // durable on return
 *   incidents.entries().forEach((id, bytes) -> restore(id, bytes));
 * }
 * }</pre>
 *
 * <p>File: a {@link SegmentHeader} of kind 1 (base 0), then records framed as in {@link RecordFormat}, each holding
 * one operation:
 * <pre>
 *   +--------+--------------+------------------+----------------------+
 *   | op u8  | key length n | key (UTF-8)      | value (rest; absent  |
 *   | 1=put  | u16          | n bytes          | for remove)          |
 *   | 2=del  |              |                  |                      |
 *   +--------+--------------+------------------+----------------------+
 * </pre>
 * Compaction writes the live entries to {@code <file>.tmp}, fsyncs, renames over the file and fsyncs the
 * directory, so a crash leaves either the old or the new file. A torn last record is cut off on open with one log
 * line. Thread-safe (all methods synchronized).
 */
public final class DurableMap implements Closeable {

  private static final Logger log = Logger.getLogger(DurableMap.class.getName());
  private static final byte PUT = 1;
  private static final byte REMOVE = 2;
  private static final long COMPACT_SLACK_BYTES = 64 << 10;
  private static final int MAX_RECORD_BYTES = 64 << 20;

  private final Path file;
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final CRC32C crc = new CRC32C();
  private final ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER_BYTES);
  private FileChannel channel;
  private long size;
  private long liveBytes;
  private boolean closed;

  private DurableMap(Path file) {
    this.file = file;
  }

  /** Opens or creates the map stored in {@code file} (its directory must exist). */
  public static DurableMap open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    DurableMap map = new DurableMap(file);
    Files.deleteIfExists(tmpOf(file)); // an interrupted compaction; the original is intact
    if (Files.exists(file)) {
      map.load();
    } else {
      map.channel = createEmpty(file);
      map.size = SegmentHeader.BYTES;
      SegmentFiles.fsyncDirectory(file.toAbsolutePath().getParent());
    }
    return map;
  }

  /** Stores {@code value} (copied) under {@code id}, durably, replacing any previous value. */
  public synchronized void put(String id, byte[] value) throws IOException {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(value, "value");
    byte[] copy = value.clone();
    writeOp(PUT, id, copy);
    byte[] old = entries.put(id, copy);
    liveBytes += recordBytes(id, copy) - (old == null ? 0 : recordBytes(id, old));
    compactIfWasteful();
  }

  /** Removes {@code id} durably; returns whether it was present. */
  public synchronized boolean remove(String id) throws IOException {
    Objects.requireNonNull(id, "id");
    if (!entries.containsKey(id)) {
      return false;
    }
    writeOp(REMOVE, id, new byte[0]);
    liveBytes -= recordBytes(id, entries.remove(id));
    compactIfWasteful();
    return true;
  }

  /** A copy of the value stored under {@code id}. */
  public synchronized Optional<byte[]> get(String id) {
    byte[] v = entries.get(id);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  /** A copy of all entries, in first-insertion order. */
  public synchronized Map<String, byte[]> entries() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    entries.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Size of the backing file in bytes (for tests and metrics). */
  public synchronized long fileBytes() {
    return size;
  }

  /** Rewrites the file with live entries only. */
  public synchronized void compact() throws IOException {
    ensureOpen();
    Path tmp = tmpOf(file);
    long newSize;
    try (FileChannel out = createEmpty(tmp)) {
      newSize = SegmentHeader.BYTES;
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        newSize += write(out, newSize, PUT, e.getKey(), e.getValue());
      }
      out.force(true);
    }
    channel.close();
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    SegmentFiles.fsyncDirectory(file.toAbsolutePath().getParent());
    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    size = newSize;
  }

  /** Closes the file; idempotent. Every completed put is already durable. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }

  private void load() throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ByteBuffer h = ByteBuffer.allocate(SegmentHeader.BYTES);
    channel.read(h, 0);
    if (h.hasRemaining()) {
      throw new WalFormatException(file + ": shorter than its header");
    }
    SegmentHeader.decode(h, file, SegmentHeader.KIND_MAP);
    SegmentScanner scanner = new SegmentScanner(MAX_RECORD_BYTES);
    long fileSize = channel.size();
    SegmentScanner.Result r = scanner.scan(channel, 0, fileSize, (lsn, payload) -> apply(payload));
    if (!r.clean()) {
      long intact = scanner.findIntactRecordAfter(channel, 0, r.validEnd, fileSize);
      if (intact >= 0) {
        throw new WalCorruptionException(file, r.validEnd, fileSize - r.validEnd, r.problem
            + ", yet an intact record follows at offset " + intact + " (file left untouched)");
      }
      channel.truncate(r.validEnd);
      channel.force(true);
      log.warning("DurableMap: cut the torn tail of " + file + " at offset " + r.validEnd + ", dropping "
          + (fileSize - r.validEnd) + " bytes (" + r.problem + ")");
    }
    size = r.validEnd;
    compactIfWasteful();
  }

  private void apply(ByteBuffer payload) throws IOException {
    byte op = payload.get();
    byte[] key = new byte[payload.getShort() & 0xFFFF];
    payload.get(key);
    String id = new String(key, StandardCharsets.UTF_8);
    byte[] old;
    if (op == PUT) {
      byte[] value = new byte[payload.remaining()];
      payload.get(value);
      old = entries.put(id, value);
      liveBytes += recordBytes(id, value);
    } else if (op == REMOVE) {
      old = entries.remove(id);
    } else {
      throw new WalFormatException(file + ": unknown operation " + op);
    }
    if (old != null) {
      liveBytes -= recordBytes(id, old);
    }
  }

  private void writeOp(byte op, String id, byte[] value) throws IOException {
    ensureOpen();
    try {
      size += write(channel, size, op, id, value);
      channel.force(false);
    } catch (IOException e) {
      channel.truncate(size); // drop a partial record so the next write starts at a record boundary
      throw e;
    }
  }

  private int write(FileChannel ch, long at, byte op, String id, byte[] value) throws IOException {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    if (key.length > 0xFFFF) {
      throw new IllegalArgumentException("id longer than 65535 UTF-8 bytes");
    }
    ByteBuffer payload = ByteBuffer.allocate(3 + key.length + value.length);
    payload.put(op).putShort((short) key.length).put(key).put(value).flip();
    RecordFormat.writeHeader(header, at, payload, crc);
    long pos = at;
    while (header.hasRemaining() || payload.hasRemaining()) {
      pos += ch.write(header.hasRemaining() ? header : payload, pos);
    }
    return (int) (pos - at);
  }

  private void compactIfWasteful() throws IOException {
    if (size > 2 * (liveBytes + SegmentHeader.BYTES) + COMPACT_SLACK_BYTES) {
      compact();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("DurableMap " + file + " is closed");
    }
  }

  private static long recordBytes(String id, byte[] value) {
    return RecordFormat.HEADER_BYTES + 3 + id.getBytes(StandardCharsets.UTF_8).length + value.length;
  }

  private static Path tmpOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  private static FileChannel createEmpty(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
    ByteBuffer h = SegmentHeader.encode(SegmentHeader.KIND_MAP, 0);
    while (h.hasRemaining()) {
      ch.write(h, h.position());
    }
    ch.force(true);
    return ch;
  }
}
