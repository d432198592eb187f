package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Appends records to the active segment under one lock and makes them durable on a flusher thread.
 *
 * <p>Why a lock plus a flusher instead of a writer thread with a queue: the append itself is one gathering
 * {@code write} into the page cache (microseconds), so handing it to another thread would cost more than the lock.
 * The slow part, {@code fsync}, runs on the flusher outside the lock, so appends keep flowing during it; one fsync then
 * covers everything written before it started (group commit), and callbacks complete in LSN order.
 *
 * <p>Failure model: a failed write is cut off the file again and the append fails; a failed fsync cuts the file back
 * to the last durable position and fails every pending append (after a failed fsync the page cache cannot be
 * trusted). Both put the WAL in {@link WalState#REFUSING}; appends probe for recovery at most once per disk-check
 * interval.
 */
final class WalWriter {

  private static final Logger log = Logger.getLogger(Wal.class.getName());

  private final WalOptions options;
  private final FsyncStats fsyncStats;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  /** Held while forcing or sealing a segment, so a roll never closes a channel the flusher is forcing. */
  private final Object forceLock = new Object();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER_BYTES);
  private final CRC32C crc = new CRC32C();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong recordsWritten = new AtomicLong();
  private final AtomicLong appendsRefused = new AtomicLong();
  private final Thread flusher;
  private final Runnable afterRoll;
  private ActiveSegment active;
  /** Flusher thread only. */
  private long lastFsyncStartNanos;
  private final DiskSpaceCheck diskCheck;
  private boolean needsNewSegment;
  /** Keys whose definitions the active segment holds (see {@link RecordDefinitions}); guarded by the lock. */
  private final java.util.BitSet defined = new java.util.BitSet();
  /**
   * {@link #defined} holds every key defined in the active segment from this LSN on (a reopened segment's earlier
   * definitions, and those cut by a failed fsync, are not tracked); guarded by the lock.
   */
  private long definedFromLsn;
  /**
   * Names the current content of {@link #defined}: a new value (unique in the JVM, never 0) whenever it is cleared,
   * so a {@link RecordDefinitions#definedIn()} token from an earlier segment or another WAL never matches.
   */
  private long definedToken = DEFINED_TOKENS.incrementAndGet();
  private static final AtomicLong DEFINED_TOKENS = new AtomicLong();
  /** Keys of the current append whose definitions the active segment lacks; guarded by the lock. */
  private int[] missing = new int[64];
  private int missingCount;
  private volatile long durableLsn;
  private volatile long endLsn;
  private volatile long activeBaseLsn;
  private volatile WalState state = WalState.OPEN;
  private volatile String refusingReason = "";

  /** @param afterRoll run on the appending thread, outside the lock, after a new segment was started */
  WalWriter(WalOptions options, ActiveSegment active, FsyncStats fsyncStats, Runnable afterRoll) {
    this.options = options;
    this.afterRoll = afterRoll;
    this.diskCheck = new DiskSpaceCheck(options);
    this.fsyncStats = fsyncStats;
    this.active = active;
    this.durableLsn = active.endLsn();
    this.endLsn = active.endLsn();
    this.activeBaseLsn = active.baseLsn();
    this.definedFromLsn = active.endLsn();
    if (options.fsyncPolicy().kind() == FsyncPolicy.Kind.NEVER) {
      flusher = null;
    } else {
      flusher = new Thread(this::flushLoop, "faultline-wal-flusher");
      flusher.setDaemon(true);
      flusher.start();
    }
  }

  /**
   * Appends one record; see {@link Wal#append(ByteBuffer, AppendCallback)}.
   *
   * @return the record's LSN
   */
  long append(ByteBuffer record, AppendCallback callback) {
    return append(record, null, callback);
  }

  /**
   * Appends one record, preceded by definition records for the keys of {@code definitions} the active segment does
   * not hold yet; see {@link Wal#append(ByteBuffer, RecordDefinitions, AppendCallback)}.
   *
   * @param definitions null if the record refers to none
   * @return the record's LSN
   */
  long append(ByteBuffer record, RecordDefinitions definitions, AppendCallback callback) {
    int length = record.remaining();
    if (length > options.maxRecordBytes()) {
      throw new IllegalArgumentException("record of " + length + " bytes exceeds maxRecordBytes "
          + options.maxRecordBytes());
    }
    long lsn;
    boolean rolled = false;
    lock.lock();
    try {
      ensureAccepting();
      List<ByteBuffer> prefix = definitionRecords(definitions);
      if (active.size() + bytesOf(prefix) + RecordFormat.HEADER_BYTES + length > options.segmentBytes()) {
        roll();
        rolled = true;
        prefix = definitionRecords(definitions); // the new segment holds none yet
      }
      long start = active.size();
      try {
        for (ByteBuffer d : prefix) {
          write(d);
        }
        lsn = active.endLsn();
        write(record);
      } catch (IOException e) {
        throw onWriteFailure(e, start);
      }
      markDefined();
      if (definitions != null) {
        definitions.definedIn(definedToken);
      }
      endLsn = active.endLsn();
      if (flusher != null) {
        pending.add(new Pending(lsn, endLsn, callback));
        work.signal();
      } else {
        durableLsn = endLsn;
      }
    } catch (WalUnavailableException e) {
      appendsRefused.incrementAndGet();
      throw e;
    } finally {
      lock.unlock();
    }
    if (flusher == null) {
      callback.onDurable(lsn);
    }
    if (rolled) {
      afterRoll.run();
    }
    return lsn;
  }

  /** Writes one framed record at the end of the active segment; lock held. */
  private void write(ByteBuffer payload) throws IOException {
    long lsn = active.endLsn();
    RecordFormat.writeHeader(header, lsn, payload, crc);
    active.append(header, payload.duplicate());
    bytesWritten.addAndGet(RecordFormat.HEADER_BYTES + payload.remaining());
    recordsWritten.incrementAndGet();
  }

  /** The definition records the active segment lacks for {@code definitions} (often none); lock held. */
  private List<ByteBuffer> definitionRecords(RecordDefinitions definitions) {
    missingCount = 0;
    if (definitions == null || definitions.definedIn() == definedToken) {
      return List.of();
    }
    int n = 0;
    for (int i = 0, count = definitions.count(); i < count; i++) {
      int key = definitions.key(i);
      if (!defined.get(key)) {
        if (n == missing.length) {
          missing = java.util.Arrays.copyOf(missing, n * 2);
        }
        missing[n++] = key;
      }
    }
    missingCount = n;
    if (n == 0) {
      return List.of();
    }
    List<ByteBuffer> out = new ArrayList<>(1);
    encodeDefinitions(definitions, missing, 0, n, out);
    return out;
  }

  /** Encodes {@code keys[from..to)}, halving the range until each record fits the record limit. */
  private void encodeDefinitions(RecordDefinitions definitions, int[] keys, int from, int to, List<ByteBuffer> out) {
    ByteBuffer record = definitions.encode(keys, from, to);
    if (record.remaining() <= options.maxRecordBytes()) {
      out.add(record);
    } else if (to - from > 1) {
      int mid = (from + to) >>> 1;
      encodeDefinitions(definitions, keys, from, mid, out);
      encodeDefinitions(definitions, keys, mid, to, out);
    } else {
      throw new IllegalArgumentException("the definition of key " + keys[from] + " takes " + record.remaining()
          + " bytes, more than maxRecordBytes " + options.maxRecordBytes());
    }
  }

  private static long bytesOf(List<ByteBuffer> records) {
    long total = 0;
    for (ByteBuffer b : records) {
      total += RecordFormat.HEADER_BYTES + b.remaining();
    }
    return total;
  }

  /** Marks the keys just written as defined in the active segment. */
  private void markDefined() {
    for (int i = 0; i < missingCount; i++) {
      defined.set(missing[i]);
    }
  }

  /** Throws unless appends are accepted; probes free space and recovers from REFUSING when it is time. */
  private void ensureAccepting() {
    if (state == WalState.CLOSED) {
      throw WalUnavailableException.closed();
    }
    if (!diskCheck.due()) {
      if (state == WalState.REFUSING) {
        throw WalUnavailableException.refusing(refusingReason, null);
      }
      return;
    }
    String shortage = diskCheck.shortage();
    if (shortage != null) {
      throw enterRefusing(shortage);
    }
    if (state == WalState.REFUSING) {
      if (!repair()) {
        throw WalUnavailableException.refusing(refusingReason, null);
      }
      log.info("WAL accepting appends again (was refusing: " + refusingReason + ")");
      state = WalState.OPEN;
      refusingReason = "";
    }
  }

  /** Undoes what a failure left behind: a closed segment, or bytes past the end we keep. */
  private boolean repair() {
    try {
      if (needsNewSegment) {
        startSegment(active.endLsn());
      } else {
        active.truncate(active.size());
      }
      return true;
    } catch (IOException e) {
      refusingReason = "repair of " + active.path() + " failed: " + e.getMessage();
      return false;
    }
  }

  private void roll() {
    long end = active.endLsn();
    long t0 = System.nanoTime();
    try {
      synchronized (forceLock) {
        active.sealAndClose();
      }
    } catch (IOException e) {
      // The sealed segment's unsynced tail cannot be trusted; its pending appends were never acknowledged.
      needsNewSegment = true;
      WalUnavailableException refusing = enterRefusing("fsync of " + active.path() + " on segment roll failed: " + e);
      failAllPending(e); // after the state change, as in onFsyncFailure
      throw refusing;
    }
    fsyncStats.record(System.nanoTime() - t0, options.clock().millis());
    durableLsn = end;
    try {
      startSegment(end);
    } catch (IOException e) {
      needsNewSegment = true;
      throw enterRefusing("cannot create segment " + SegmentFiles.pathFor(options.directory(), end) + ": " + e);
    }
    diskCheck.checkSoon(); // a roll is rare and just took space: probe on the next append
  }

  private void startSegment(long base) throws IOException {
    // With a flusher, its first fsync of the new segment makes it durable before any record in it is acknowledged.
    active = flusher == null ? ActiveSegment.create(options.directory(), base, options.channelFactory())
        : ActiveSegment.createLazily(options.directory(), base, options.channelFactory());
    defined.clear();
    definedFromLsn = base;
    definedToken = DEFINED_TOKENS.incrementAndGet();
    needsNewSegment = false;
    activeBaseLsn = base;
    endLsn = active.endLsn();
    durableLsn = active.endLsn();
  }

  private WalUnavailableException onWriteFailure(IOException e, long recordStart) {
    try {
      active.truncate(recordStart);
    } catch (IOException truncateFailed) {
      e.addSuppressed(truncateFailed); // repair() retries before the next append is accepted
    }
    return enterRefusing("write to " + active.path() + " failed: " + e.getMessage(), e);
  }

  private WalUnavailableException enterRefusing(String reason) {
    return enterRefusing(reason, null);
  }

  private WalUnavailableException enterRefusing(String reason, Throwable cause) {
    if (state == WalState.OPEN) {
      state = WalState.REFUSING;
      log.warning("WAL refusing appends until the disk recovers: " + reason);
    }
    refusingReason = reason;
    return WalUnavailableException.refusing(reason, cause);
  }

  /** Fails every pending append; called with the lock held. */
  private void failAllPending(IOException cause) {
    List<Pending> failed = new ArrayList<>(pending);
    pending.clear();
    WalUnavailableException error = WalUnavailableException.refusing("fsync failed: " + cause, cause);
    for (Pending p : failed) {
      notifyFailure(p, error);
    }
  }

  private void flushLoop() {
    List<Pending> done = new ArrayList<>();
    while (true) {
      ActiveSegment segment;
      long target;
      lock.lock();
      try {
        while (pending.isEmpty() && state != WalState.CLOSED) {
          work.awaitUninterruptibly();
        }
        if (pending.isEmpty()) {
          return; // closed and drained
        }
        waitForGroupCommitSlot();
        segment = active;
        target = endLsn;
      } finally {
        lock.unlock();
      }
      IOException failure = force(segment);
      lock.lock();
      try {
        if (failure != null) {
          onFsyncFailure(failure);
          continue;
        }
        durableLsn = Math.max(durableLsn, target);
        while (!pending.isEmpty() && pending.peek().endLsn <= durableLsn) {
          done.add(pending.poll());
        }
      } finally {
        lock.unlock();
      }
      for (Pending p : done) {
        notifyDurable(p);
      }
      done.clear();
    }
  }

  /** Under GROUP_COMMIT, sleeps (releasing the lock) until the interval since the last fsync has passed. */
  private void waitForGroupCommitSlot() {
    long interval = options.fsyncPolicy().intervalNanos();
    long wait = lastFsyncStartNanos + interval - System.nanoTime();
    while (wait > 0 && state != WalState.CLOSED) {
      try {
        wait = work.awaitNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private IOException force(ActiveSegment segment) {
    synchronized (forceLock) {
      if (segment.isClosed()) {
        return null; // sealed by a roll, which forced it
      }
      long t0 = System.nanoTime();
      lastFsyncStartNanos = t0;
      try {
        segment.force();
      } catch (IOException e) {
        return e;
      }
      fsyncStats.record(System.nanoTime() - t0, options.clock().millis());
      return null;
    }
  }

  /** Cuts the active segment back to the durable end and fails everything pending; lock held. */
  private void onFsyncFailure(IOException e) {
    long keep = Math.max(SegmentHeader.BYTES, durableLsn - active.baseLsn());
    defined.clear(); // definition records past the durable end are cut off with the rest
    definedToken = DEFINED_TOKENS.incrementAndGet();
    try {
      if (!active.isClosed()) {
        active.truncate(keep);
      }
    } catch (IOException truncateFailed) {
      e.addSuppressed(truncateFailed);
    }
    endLsn = active.endLsn();
    definedFromLsn = endLsn;
    if (state != WalState.CLOSED) {
      enterRefusing("fsync of " + active.path() + " failed: " + e.getMessage(), e);
    }
    failAllPending(e); // after the state change: whoever sees the failure also sees REFUSING
  }

  private void notifyDurable(Pending p) {
    try {
      p.callback.onDurable(p.lsn);
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "WAL durable callback threw; continuing", e);
    }
  }

  private void notifyFailure(Pending p, WalUnavailableException error) {
    try {
      p.callback.onFailure(p.lsn, error);
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "WAL failure callback threw; continuing", e);
    }
  }

  /** Flushes pending appends, fsyncs and closes the active segment. Idempotent. */
  void close() throws IOException {
    lock.lock();
    try {
      if (state == WalState.CLOSED) {
        return;
      }
      state = WalState.CLOSED;
      work.signalAll();
    } finally {
      lock.unlock();
    }
    if (flusher != null) {
      try {
        flusher.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      if (!active.isClosed()) {
        synchronized (forceLock) {
          active.sealAndClose();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  WalState state() {
    return state;
  }

  /**
   * Every key whose definition a record at or after {@code lsn} may find earlier in the active segment; null if that
   * is not tracked for {@code lsn} (it lies before where this writer started tracking the active segment).
   */
  java.util.BitSet keysDefinedSince(long lsn) {
    lock.lock();
    try {
      return definedFromLsn <= lsn ? (java.util.BitSet) defined.clone() : null;
    } finally {
      lock.unlock();
    }
  }

  String refusingReason() {
    return refusingReason;
  }

  long endLsn() {
    return endLsn;
  }

  long durableLsn() {
    return durableLsn;
  }

  long activeBaseLsn() {
    return activeBaseLsn;
  }

  long bytesWritten() {
    return bytesWritten.get();
  }

  long recordsWritten() {
    return recordsWritten.get();
  }

  long appendsRefused() {
    return appendsRefused.get();
  }

  /** One append waiting for its fsync. */
  private record Pending(long lsn, long endLsn, AppendCallback callback) {}
}
