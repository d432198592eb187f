package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The segment being appended to: a channel plus the file offset where the next record goes. Not thread-safe: only the
 * {@link WalWriter}'s writer thread writes, cuts and seals it; {@link #force()} may run concurrently with writes.
 *
 * <p>Preallocated: the file is given its full segment size when it is created (or reopened), so that appends
 * overwrite zeros inside the file and never change its size. Why: on ext4 a write that grows a file updates the
 * inode's size in the journal, and waits while the journal commit of a running fdatasync holds it; with the size
 * fixed up front, writes and fsyncs stop serialising on it. The size is set by writing one zero byte at the last
 * offset (sparse: no data is written, no extra disk traffic); the unused tail reads as zeros, which no record can
 * start with ({@link RecordFormat#isZeroHeader}), so recovery tells it from a torn write. Sealing cuts the file back
 * to its records, so only the last segment ever has such a tail.
 */
final class ActiveSegment {

  private final Path path;
  private final long baseLsn;
  private final FileChannel channel;
  private long size;
  /** The file's length: {@link #size} plus the preallocated, unused tail. */
  private long fileLength;
  private volatile boolean closed;
  /** Whether the directory entry of this file is known to be durable; see {@link #createLazily}. */
  private volatile boolean directorySynced;

  private ActiveSegment(Path path, long baseLsn, FileChannel channel, long size, long fileLength,
      boolean directorySynced) {
    this.path = path;
    this.baseLsn = baseLsn;
    this.channel = channel;
    this.size = size;
    this.fileLength = fileLength;
    this.directorySynced = directorySynced;
  }

  /**
   * Creates a new segment file with its header, preallocated to {@code preallocateBytes}, fsynced together with the
   * directory entry.
   */
  static ActiveSegment create(Path dir, long baseLsn, ChannelFactory factory, long preallocateBytes)
      throws IOException {
    ActiveSegment segment = createLazily(dir, baseLsn, factory, preallocateBytes);
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
  static ActiveSegment createLazily(Path dir, long baseLsn, ChannelFactory factory, long preallocateBytes)
      throws IOException {
    Path path = SegmentFiles.pathFor(dir, baseLsn);
    FileChannel ch = factory.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
    long length;
    try {
      ByteBuffer header = SegmentHeader.encode(SegmentHeader.KIND_SEGMENT, baseLsn);
      while (header.hasRemaining()) {
        ch.write(header, header.position());
      }
      length = extend(ch, SegmentHeader.BYTES, preallocateBytes);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new ActiveSegment(path, baseLsn, ch, SegmentHeader.BYTES, length, false);
  }

  /**
   * Reopens an existing, already validated segment for appending at {@code size}; everything from {@code size} on
   * must read as zeros (recovery cut it, or it is the preallocated tail). Preallocates it if it is shorter.
   */
  static ActiveSegment reopen(Path path, long baseLsn, long size, ChannelFactory factory, long preallocateBytes)
      throws IOException {
    FileChannel ch = factory.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
    long length;
    try {
      length = extend(ch, ch.size(), preallocateBytes);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new ActiveSegment(path, baseLsn, ch, size, length, true);
  }

  /** Sets the file's length to {@code target} if it is shorter (one zero byte at the end); returns the length. */
  private static long extend(FileChannel ch, long length, long target) throws IOException {
    if (length >= target) {
      return length;
    }
    ByteBuffer zero = ByteBuffer.allocate(1);
    while (zero.hasRemaining()) {
      ch.write(zero, target - 1);
    }
    return target;
  }

  /**
   * Writes {@code frames[from..to)} (framed records, {@link RecordFormat#frame} or {@link RecordFormat#frameInto}) at the end with gathering writes;
   * on failure the file may hold part of them (see {@link #truncate}).
   */
  void append(ByteBuffer[] frames, int from, int to) throws IOException {
    long expected = size;
    for (int i = from; i < to; i++) {
      expected += frames[i].remaining();
    }
    channel.position(size);
    int first = from;
    while (first < to) {
      channel.write(frames, first, Math.min(to - first, MAX_GATHER));
      while (first < to && !frames[first].hasRemaining()) {
        first++;
      }
    }
    size = expected;
    fileLength = Math.max(fileLength, size);
  }

  /** At most this many buffers per gathering write (Linux's IOV_MAX). */
  private static final int MAX_GATHER = 1024;

  /**
   * Cuts the records back to {@code newSize} bytes (removing a partial or non-durable write): everything after
   * reads as zeros again, and the file keeps its preallocated length. The new end is taken even if the cut itself
   * fails, so the next append overwrites the leftovers and a later call can retry.
   */
  void truncate(long newSize) throws IOException {
    size = newSize;
    long length = fileLength;
    fileLength = newSize;
    channel.truncate(newSize);
    try {
      fileLength = extend(channel, newSize, length);
    } catch (IOException e) {
      // The cut itself worked; without the preallocation later appends grow the file again, which is only slower.
    }
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

  /**
   * Cuts the preallocated tail off, forces and closes; afterwards {@link #isClosed()} tells a concurrent flusher its
   * work was done. A sealed segment ends exactly at its last record, as replay expects of every segment but the last.
   */
  void sealAndClose() throws IOException {
    try {
      if (fileLength > size) {
        channel.truncate(size);
        fileLength = size;
      }
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
