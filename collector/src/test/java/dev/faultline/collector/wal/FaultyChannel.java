package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FileChannel that delegates to a real one and can be told to fail writes (after writing part of the data, like a
 * disk filling up mid-record), fail fsyncs, or hold fsyncs until a latch opens.
 */
final class FaultyChannel extends FileChannel {

  /** Switches shared by every channel a factory opens. */
  static final class Faults {
    volatile boolean failWrites;
    volatile boolean failForce;
    volatile CountDownLatch forceGate;
    /** While set, every write waits for it first (a writer stuck in write(), e.g. behind a journal commit). */
    volatile CountDownLatch writeGate;
    final AtomicInteger writesStarted = new AtomicInteger();
    final AtomicInteger forces = new AtomicInteger();

    ChannelFactory factory() {
      return (path, options) -> new FaultyChannel(FileChannel.open(path, options), this);
    }
  }

  private final FileChannel d;
  private final Faults faults;

  FaultyChannel(FileChannel delegate, Faults faults) {
    this.d = delegate;
    this.faults = faults;
  }

  private void awaitWriteGate() throws IOException {
    CountDownLatch gate = faults.writeGate;
    faults.writesStarted.incrementAndGet(); // after reading the gate: a count seen means this write saw it
    if (gate != null) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted at the write gate");
      }
    }
  }

  private IOException noSpace() {
    return new IOException("No space left on device");
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    awaitWriteGate();
    if (faults.failWrites) {
      ByteBuffer part = srcs[offset].duplicate();
      part.limit(part.position() + part.remaining() / 2);
      d.write(part);
      throw noSpace();
    }
    return d.write(srcs, offset, length);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (faults.failWrites) {
      throw noSpace();
    }
    return d.write(src);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    if (faults.failWrites) {
      throw noSpace();
    }
    return d.write(src, position);
  }

  @Override
  public void force(boolean metaData) throws IOException {
    CountDownLatch gate = faults.forceGate;
    if (gate != null) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (faults.failForce) {
      throw new IOException("fsync failed: No space left on device");
    }
    d.force(metaData);
    faults.forces.incrementAndGet();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return d.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return d.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return d.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return d.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    d.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return d.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    d.truncate(size);
    return this;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return d.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    return d.transferFrom(src, position, count);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return d.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return d.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return d.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    d.close();
  }
}
