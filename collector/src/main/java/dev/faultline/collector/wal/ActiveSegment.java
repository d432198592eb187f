package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The segment being appended to: a channel plus the file offset where the next record goes. Not thread-safe; the
 * {@link WalWriter} guards it with its lock, except {@link #force()} which may run concurrently with writes.
 */
final class ActiveSegment {

  private final Path path;
  private final long baseLsn;
  private final FileChannel channel;
  private final ByteBuffer[] gather = new ByteBuffer[2];
  private long size;
  private volatile boolean closed;
  /** Whether the directory entry of this file is known to be durable; see {@link #createLazily}. */
  private volatile boolean directorySynced;

  private ActiveSegment(Path path, long baseLsn, FileChannel channel, long size, boolean directorySynced) {
    this.path = path;
    this.baseLsn = baseLsn;
    this.channel = channel;
    this.size = size;
    this.directorySynced = directorySynced;
  }

  /** Creates a new segment file with its header, fsynced together with the directory entry. */
  static ActiveSegment create(Path dir, long baseLsn, ChannelFactory factory) throws IOException {
    ActiveSegment segment = createLazily(dir, baseLsn, factory);
    try {
      segment.force();
    } catch (IOException e) {
      segment.closeQuietly();
      throw e;
    }
    return segment;
  }

  /**
   * Creates a new segment file with its header written but not fsynced: the first {@link #force()} makes header
   * and directory entry durable, before any record in it is acknowledged. Why: a segment roll runs under the append
   * lock, and these two fsyncs were two thirds of its stall. A crash before that force leaves no file, an empty one
   * or a torn header, which recovery already handles (nothing in it was acknowledged).
   */
  static ActiveSegment createLazily(Path dir, long baseLsn, ChannelFactory factory) throws IOException {
    Path path = SegmentFiles.pathFor(dir, baseLsn);
    FileChannel ch = factory.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      ByteBuffer header = SegmentHeader.encode(SegmentHeader.KIND_SEGMENT, baseLsn);
      while (header.hasRemaining()) {
        ch.write(header, header.position());
      }
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new ActiveSegment(path, baseLsn, ch, SegmentHeader.BYTES, false);
  }

  /** Reopens an existing, already validated segment for appending at {@code size}. */
  static ActiveSegment reopen(Path path, long baseLsn, long size, ChannelFactory factory) throws IOException {
    FileChannel ch = factory.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
    return new ActiveSegment(path, baseLsn, ch, size, true);
  }

  /** Writes header and payload at the end; on failure the file may hold part of them (see {@link #truncate}). */
  void append(ByteBuffer header, ByteBuffer payload) throws IOException {
    gather[0] = header;
    gather[1] = payload;
    long expected = size + header.remaining() + payload.remaining();
    channel.position(size);
    while (payload.hasRemaining() || header.hasRemaining()) {
      channel.write(gather);
    }
    size = expected;
  }

  /**
   * Cuts the file back to {@code newSize} bytes (removing a partial or non-durable write). The new end is taken
   * even if the truncate itself fails, so the next append overwrites the leftovers and a later call can retry.
   */
  void truncate(long newSize) throws IOException {
    size = newSize;
    channel.truncate(newSize);
  }

  /**
   * fdatasync: flushes the data and the file size (needed to read the data back) but not the modification time,
   * which is all a record needs to survive a power cut.
   */
  void force() throws IOException {
    channel.force(false);
    syncDirectoryOnce();
  }

  /** Makes the file's directory entry durable, once (a new file's name is in the directory, not the file). */
  private void syncDirectoryOnce() throws IOException {
    if (!directorySynced) {
      SegmentFiles.fsyncDirectory(path.getParent());
      directorySynced = true;
    }
  }

  /** Forces and closes; afterwards {@link #isClosed()} tells a concurrent flusher its work was done. */
  void sealAndClose() throws IOException {
    try {
      channel.force(false);
      syncDirectoryOnce();
    } finally {
      closed = true;
      channel.close();
    }
  }

  void closeQuietly() {
    closed = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing after a failure; the original failure is what gets reported
    }
  }

  boolean isClosed() {
    return closed;
  }

  Path path() {
    return path;
  }

  long baseLsn() {
    return baseLsn;
  }

  long size() {
    return size;
  }

  long endLsn() {
    return baseLsn + size;
  }
}
