package dev.faultline.collector.wal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Caller state saved by {@link Wal#writeSnapshot}: it reflects every record with an LSN below {@code nextLsn}.
 * Restore it from {@link #open()}, then {@code wal.replay(snapshot.nextLsn(), handler)}. The state stays in its
 * (already checksum-verified) file and is streamed from there, so restoring a large state needs no array its size.
 */
public final class WalSnapshot {

  private final long nextLsn;
  private final Path file;
  private final long offset;
  private final long size;

  WalSnapshot(long nextLsn, Path file, long offset, long size) {
    this.nextLsn = nextLsn;
    this.file = file;
    this.offset = offset;
    this.size = size;
  }

  /** The first LSN not covered by the state. */
  public long nextLsn() {
    return nextLsn;
  }

  /** The state's size in bytes. */
  public long size() {
    return size;
  }

  /** A stream of exactly the state's bytes; close it. */
  public InputStream open() throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ch.position(offset);
      return new BufferedInputStream(new Bounded(Channels.newInputStream(ch), size), 1 << 16);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The whole state as one array: for small states (tests, tools); the collector streams {@link #open()}. */
  public byte[] state() throws IOException {
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("snapshot state of " + size + " bytes does not fit in an array; stream it");
    }
    try (InputStream in = open()) {
      return in.readAllBytes();
    }
  }

  /** Ends after {@code remaining} bytes, before the file's trailer. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long remaining;

    Bounded(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
