package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Appends records to the log: appending threads frame them and hand them to one writer thread through a bounded
 * queue; a flusher thread makes them durable.
 *
 * <pre>
 * appending threads          writer thread                      flusher thread
 *   reserve LSNs, frame  --->  write queued frames (gathering --->  fsync (group commit), then callbacks in
 *   (short lock, no I/O)       writes of 1 MiB), roll segments     LSN order; a failure cuts the log back
 * </pre>
 *
 * <p>Why a writer thread: a write into the page cache is usually microseconds, but on ext4 it sometimes blocks for
 * milliseconds while an fsync commits (writeback of the tail page, the journal). Under a shared append lock every
 * ingest event loop then waited; now they only reserve their LSN range and copy the record under the lock, and
 * return. The writer writes whatever queued meanwhile, one system call per MiB; the frames are pooled direct buffers
 * ({@link FrameBuffers}) that it hands back once written. Queue order is LSN order (both are
 * decided under the lock), so the file is always written front to back with no gaps.
 *
 * <p>Back-pressure: the queue holds at most {@link WalOptions#writeQueueBytes()}; an append that finds it full
 * waits up to {@link WalOptions#writeQueueWait()} for room and is then refused ({@link WalUnavailableException}),
 * never dropped.
 *
 * <p>Failure model: a failed write cuts the file back to where that write started; a failed fsync cuts it back to
 * the last durable position (after a failed fsync the page cache cannot be trusted). Every append after the cut,
 * written, in the writer's hands or still queued, fails through its callback (never acknowledged), and the WAL
 * enters {@link WalState#REFUSING}; appends probe for recovery at most once per disk-check interval. Only the
 * writer thread touches the file's contents and size.
 */
final class WalWriter {

  private static final Logger log = Logger.getLogger(Wal.class.getName());
  /** At most this many bytes of frames per write system call. */
  private static final long MAX_WRITE_BYTES = 8L << 20;

  private final WalOptions options;
  private final FsyncStats fsyncStats;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when the writer has work: queued records, a cut to make, closing. */
  private final Condition writerWork = lock.newCondition();
  /** Signalled when the flusher has work: written records to fsync, closing. */
  private final Condition flusherWork = lock.newCondition();
  /** Signalled when the writer freed queue room (or the WAL closed). */
  private final Condition queueRoom = lock.newCondition();
  /** Signalled when {@link #writtenLsn} moved (or the writer stopped). */
  private final Condition progress = lock.newCondition();
  /** Held while forcing or sealing a segment, so a roll never closes a channel the flusher is forcing. */
  private final Object forceLock = new Object();
  private final CRC32C crc = new CRC32C();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong recordsWritten = new AtomicLong();
  private final AtomicLong appendsRefused = new AtomicLong();
  private final DiskSpaceCheck diskCheck;
  private final Runnable afterRoll;
  private final Thread writer;
  private final Thread flusher;
  /** Direct buffers records are framed into, recycled after their write. */
  private final FrameBuffers frameBuffers;

  // ---- reservation side: appending threads, under the lock ----
  /** Framed records waiting for the writer thread, in LSN order; guarded by the lock. */
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private long queuedBytes;
  /** Base LSN of the segment new reservations go to; guarded by the lock. */
  private long reservedBase;
  /** Keys whose definitions the reserved segment holds (see {@link RecordDefinitions}); guarded by the lock. */
  private final BitSet defined = new BitSet();
  /**
   * {@link #defined} holds every key defined in the reserved segment from this LSN on (a reopened segment's earlier
   * definitions, and those cut by a failure, are not tracked); guarded by the lock.
   */
  private long definedFromLsn;
  /**
   * Names the current content of {@link #defined}: a new value (unique in the JVM, never 0) whenever it is cleared,
   * so a {@link RecordDefinitions#definedIn()} token from an earlier segment or another WAL never matches.
   */
  private long definedToken = DEFINED_TOKENS.incrementAndGet();
  private static final AtomicLong DEFINED_TOKENS = new AtomicLong();
  /** Keys of the current append whose definitions the reserved segment lacks; guarded by the lock. */
  private int[] missing = new int[64];
  private int missingCount;
  /** LSN the next reserved record gets. */
  private volatile long endLsn;

  // ---- writer side ----
  /** Written and closed only by the writer thread; replaced under the lock (the flusher reads it there). */
  private ActiveSegment active;
  /** End of what the writer has written to the file; set under the lock. */
  private volatile long writtenLsn;
  private volatile long activeBaseLsn;
  /** LSN the log must be cut back to (set by a failed fsync, done by the writer), or -1; guarded by the lock. */
  private long cutRequest = -1;
  /** The active segment is closed after a failed roll and a new one must be created; writer thread. */
  private boolean needsNewSegment;
  /** A cut or a new segment is still owed after a failure; guarded by the lock. */
  private boolean needsRepair;
  private volatile boolean writerDone;

  // ---- flusher side ----
  /** Written, waiting for an fsync, in LSN order; guarded by the lock. */
  private final ArrayDeque<Entry> pending = new ArrayDeque<>();
  /** Flusher thread only. */
  private long lastFsyncStartNanos;
  private volatile long durableLsn;
  private volatile WalState state = WalState.OPEN;
  private volatile String refusingReason = "";

  /** @param afterRoll run on the writer thread, outside the lock, after a new segment was started */
  WalWriter(WalOptions options, ActiveSegment active, FsyncStats fsyncStats, Runnable afterRoll) {
    this.options = options;
    this.afterRoll = afterRoll;
    this.diskCheck = new DiskSpaceCheck(options);
    this.fsyncStats = fsyncStats;
    this.frameBuffers = new FrameBuffers(options.writeQueueBytes() + MAX_WRITE_BYTES);
    this.active = active;
    this.durableLsn = active.endLsn();
    this.endLsn = active.endLsn();
    this.writtenLsn = active.endLsn();
    this.activeBaseLsn = active.baseLsn();
    this.reservedBase = active.baseLsn();
    this.definedFromLsn = active.endLsn();
    writer = new Thread(this::writeLoop, "faultline-wal-writer");
    writer.setDaemon(true);
    if (options.fsyncPolicy().kind() == FsyncPolicy.Kind.NEVER) {
      flusher = null;
    } else {
      flusher = new Thread(this::flushLoop, "faultline-wal-flusher");
      flusher.setDaemon(true);
      flusher.start();
    }
    writer.start();
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
   * Reserves the record's place in the log, frames it (a copy: {@code record} may be reused once this returns) and
   * queues it for the writer thread, preceded by definition records for the keys of {@code definitions} the
   * reserved segment does not hold yet; see {@link Wal#append(ByteBuffer, RecordDefinitions, AppendCallback)}.
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
    lock.lock();
    try {
      ensureAccepting();
      awaitQueueRoom(RecordFormat.HEADER_BYTES + length);
      // Everything that can throw comes before the first change to the reservation state.
      List<ByteBuffer> prefix = definitionRecords(definitions, false);
      long segmentStart = -1;
      if (endLsn - reservedBase + bytesOf(prefix) + RecordFormat.HEADER_BYTES + length > options.segmentBytes()) {
        prefix = definitionRecords(definitions, true); // the new segment holds none yet
        segmentStart = endLsn; // the writer seals the full segment and starts the next one here
        reservedBase = endLsn;
        endLsn = reservedBase + SegmentHeader.BYTES;
        clearDefined(endLsn);
      }
      long start = endLsn;
      ByteBuffer[] frames = new ByteBuffer[prefix.size() + 1];
      for (int i = 0; i < prefix.size(); i++) {
        frames[i] = frame(prefix.get(i));
      }
      long lsn = endLsn;
      frames[prefix.size()] = frame(record);
      markDefined();
      if (definitions != null) {
        definitions.definedIn(definedToken);
      }
      int bytes = (int) (endLsn - start);
      queue.add(new Entry(segmentStart, lsn, endLsn, frames, bytes, callback));
      queuedBytes += bytes;
      writerWork.signal();
      return lsn;
    } catch (WalUnavailableException e) {
      appendsRefused.incrementAndGet();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Frames {@code payload} as the next record, into a pooled direct buffer ({@link FrameBuffers}; a heap array when
   * it is larger than the pool's sizes), and advances the reserved end; lock held.
   */
  private ByteBuffer frame(ByteBuffer payload) {
    ByteBuffer framed = frameBuffers.take(RecordFormat.HEADER_BYTES + payload.remaining());
    if (framed == null) {
      framed = ByteBuffer.wrap(RecordFormat.frame(endLsn, payload, crc));
    } else {
      RecordFormat.frameInto(framed, endLsn, payload, crc);
    }
    endLsn += framed.remaining();
    return framed;
  }

  /** Waits (releasing the lock) until {@code bytes} more fit in the queue; throws if that takes too long. */
  private void awaitQueueRoom(int bytes) {
    long wait = options.writeQueueWait().toNanos();
    while (queuedBytes > 0 && queuedBytes + bytes > options.writeQueueBytes()) {
      if (wait <= 0) {
        // No changing figures in the message: the ingest logs each distinct reason once.
        throw WalUnavailableException.busy("the write queue stayed full (" + options.writeQueueBytes()
            + " bytes queued) for " + options.writeQueueWait().toMillis() + " ms; the disk is too slow for the"
            + " ingest rate");
      }
      try {
        wait = queueRoom.awaitNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw WalUnavailableException.busy("interrupted while waiting for room in the write queue");
      }
      ensureAccepting(); // the WAL may have failed or closed meanwhile
    }
  }

  /**
   * The definition records the reserved segment (or, if {@code freshSegment}, a new one) lacks for {@code
   * definitions} (often none); lock held.
   */
  private List<ByteBuffer> definitionRecords(RecordDefinitions definitions, boolean freshSegment) {
    missingCount = 0;
    if (definitions == null || (!freshSegment && definitions.definedIn() == definedToken)) {
      return List.of();
    }
    int n = 0;
    for (int i = 0, count = definitions.count(); i < count; i++) {
      int key = definitions.key(i);
      if (freshSegment || !defined.get(key)) {
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

  /** Marks the keys just framed as defined in the reserved segment; lock held. */
  private void markDefined() {
    for (int i = 0; i < missingCount; i++) {
      defined.set(missing[i]);
    }
  }

  /** Forgets every definition: a new segment from {@code fromLsn}, or a cut; lock held. */
  private void clearDefined(long fromLsn) {
    defined.clear();
    definedFromLsn = fromLsn;
    definedToken = DEFINED_TOKENS.incrementAndGet();
  }

  /** Throws unless appends are accepted; probes free space and recovers from REFUSING when it is time. Lock held. */
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
      if (!awaitRepaired()) {
        throw WalUnavailableException.refusing(refusingReason, null);
      }
      log.info("WAL accepting appends again (was refusing: " + refusingReason + ")");
      state = WalState.OPEN;
      refusingReason = "";
    }
  }

  /**
   * Asks the writer to finish what a failure left (the cut, a repair) and waits for it, briefly: this runs at most
   * once per disk-check interval, on the way out of REFUSING. Lock held.
   *
   * @return true if nothing is left to do
   */
  private boolean awaitRepaired() {
    long wait = TimeUnit.MILLISECONDS.toNanos(200);
    while ((needsRepair || cutRequest >= 0) && !writerDone && wait > 0) {
      writerWork.signal();
      try {
        wait = progress.awaitNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !needsRepair && cutRequest < 0;
  }

  // ---------------------------------------------------------------- writer thread

  private void writeLoop() {
    List<Entry> batch = new ArrayList<>();
    try {
      while (true) {
        lock.lock();
        try {
          while (queue.isEmpty() && cutRequest < 0 && !needsRepair && state != WalState.CLOSED) {
            writerWork.awaitUninterruptibly();
          }
          if (cutRequest >= 0) {
            cut(cutRequest, null, List.of());
            continue;
          }
          if (needsRepair) {
            repair();
            if (needsRepair) {
              if (state == WalState.CLOSED) {
                return;
              }
              writerWork.awaitUninterruptibly(); // retried when an append probes again
              continue;
            }
          }
          if (queue.isEmpty()) {
            if (state == WalState.CLOSED) {
              return; // closed and drained
            }
            continue;
          }
          long bytes = 0;
          while (!queue.isEmpty() && (batch.isEmpty() || bytes + queue.peek().bytes <= MAX_WRITE_BYTES)) {
            Entry e = queue.poll();
            bytes += e.bytes;
            batch.add(e);
          }
          queuedBytes -= bytes; // the batch in hand adds at most MAX_WRITE_BYTES to the queue's bound
          queueRoom.signalAll();
        } finally {
          lock.unlock();
        }
        writeBatch(batch);
        batch.clear();
      }
    } finally {
      lock.lock();
      try {
        writerDone = true;
        flusherWork.signalAll();
        progress.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Writes {@code batch} in order: runs of entries ({@link #writeInChunks}), a segment roll between runs. */
  private void writeBatch(List<Entry> batch) {
    int from = 0;
    while (from < batch.size()) {
      Entry first = batch.get(from);
      if (first.segmentStart >= 0 && !roll(first.segmentStart, batch.subList(from, batch.size()))) {
        return; // failed: every entry from here on was failed with it
      }
      int to = from + 1;
      int frameCount = first.frames.length;
      while (to < batch.size() && batch.get(to).segmentStart < 0) {
        frameCount += batch.get(to).frames.length;
        to++;
      }
      List<Entry> run = batch.subList(from, to);
      ByteBuffer[] frames = new ByteBuffer[frameCount];
      int f = 0;
      long runBytes = 0;
      for (Entry e : run) {
        for (ByteBuffer b : e.frames) {
          frames[f++] = b;
        }
        runBytes += e.bytes;
      }
      long start = active.size();
      try {
        writeInChunks(frames);
      } catch (IOException e) {
        failWrite(start, e, batch.subList(from, batch.size()));
        return;
      }
      for (ByteBuffer b : frames) { // written: nothing reads them again (a later failure only fails callbacks)
        frameBuffers.release(b);
      }
      bytesWritten.addAndGet(runBytes);
      recordsWritten.addAndGet(frameCount);
      if (!written(run, batch.subList(to, batch.size()))) {
        return;
      }
      from = to;
    }
  }

  /**
   * Writes {@code frames} with one gathering write per {@link #WRITE_CHUNK_BYTES} (a frame larger than that alone).
   * Why not one write for the whole run: with fsync always and many appends in flight, writes of up to 8 MiB
   * measured half the throughput and twice the system CPU per MB of 1 MiB writes (WalBench, BENCHMARKS.md "WAL
   * cost: where it goes"). Writer thread.
   */
  private void writeInChunks(ByteBuffer[] frames) throws IOException {
    int from = 0;
    while (from < frames.length) {
      int to = from;
      long bytes = 0;
      while (to < frames.length && (to == from || bytes + frames[to].remaining() <= WRITE_CHUNK_BYTES)) {
        bytes += frames[to].remaining();
        to++;
      }
      active.append(frames, from, to);
      from = to;
    }
  }

  /** At most this many bytes per write system call (unless one frame is larger). */
  static final int WRITE_CHUNK_BYTES = 1 << 20;

  /**
   * Hands a written run to the flusher (or, without one, reports it durable); false if a failed fsync asked for a
   * cut meanwhile: then the run and {@code rest} were failed instead.
   */
  private boolean written(List<Entry> run, List<Entry> rest) {
    List<Entry> durableNow = null;
    lock.lock();
    try {
      if (cutRequest >= 0) {
        List<Entry> doomed = new ArrayList<>(run);
        doomed.addAll(rest);
        cut(cutRequest, null, doomed);
        return false;
      }
      writtenLsn = run.get(run.size() - 1).endLsn;
      progress.signalAll();
      if (flusher != null) {
        pending.addAll(run);
        flusherWork.signal();
      } else {
        durableLsn = writtenLsn;
        durableNow = run;
      }
    } finally {
      lock.unlock();
    }
    if (durableNow != null) {
      for (Entry e : durableNow) {
        notifyDurable(e);
      }
    }
    return true;
  }

  /** Seals the active segment and starts the next one at {@code base}; false (all of {@code rest} failed) if not. */
  private boolean roll(long base, List<Entry> rest) {
    if (needsNewSegment) {
      return startSegmentOrFail(base, rest);
    }
    long end = active.endLsn();
    long t0 = System.nanoTime();
    try {
      synchronized (forceLock) {
        active.sealAndClose();
      }
    } catch (IOException e) {
      // The sealed segment's unsynced tail cannot be trusted: its pending appends were never acknowledged.
      lock.lock();
      try {
        needsNewSegment = true;
        needsRepair = true;
        enterRefusing("fsync of " + active.path() + " on segment roll failed: " + e, e);
        List<Entry> doomed = new ArrayList<>(pending);
        pending.clear();
        doomed.addAll(rest);
        failAll(doomed, queueDrained(), e);
      } finally {
        lock.unlock();
      }
      return false;
    }
    fsyncStats.record(System.nanoTime() - t0, options.clock().millis());
    durableLsn = Math.max(durableLsn, end);
    return startSegmentOrFail(base, rest);
  }

  /** Creates the segment at {@code base} and makes it the active one; false (all of {@code rest} failed) if not. */
  private boolean startSegmentOrFail(long base, List<Entry> rest) {
    try {
      startSegment(base);
    } catch (IOException e) {
      lock.lock();
      try {
        needsNewSegment = true;
        needsRepair = true;
        enterRefusing("cannot create segment " + SegmentFiles.pathFor(options.directory(), base) + ": " + e, e);
        failAll(new ArrayList<>(rest), queueDrained(), e);
      } finally {
        lock.unlock();
      }
      return false;
    }
    diskCheck.checkSoon(); // a roll is rare and just took space: probe on the next append
    afterRoll.run();
    return true;
  }

  /**
   * Creates the segment file at {@code base} (preallocated) and makes it active. With a flusher, its first fsync
   * makes header and directory entry durable before any record in it is acknowledged.
   */
  private void startSegment(long base) throws IOException {
    ActiveSegment next = flusher == null
        ? ActiveSegment.create(options.directory(), base, options.channelFactory(), options.segmentBytes())
        : ActiveSegment.createLazily(options.directory(), base, options.channelFactory(), options.segmentBytes());
    lock.lock();
    try {
      active = next;
      needsNewSegment = false;
      activeBaseLsn = base;
      writtenLsn = next.endLsn();
      durableLsn = Math.max(durableLsn, base);
    } finally {
      lock.unlock();
    }
  }

  /** A write failed: cut the file back to where it started and fail it and everything after it. */
  private void failWrite(long start, IOException e, List<Entry> doomed) {
    lock.lock();
    try {
      enterRefusing("write to " + active.path() + " failed: " + e.getMessage(), e);
      cut(active.baseLsn() + start, e, new ArrayList<>(doomed));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Cuts the log back to {@code lsn}: the file (the writer's job), the reservation, and every append after it, which
   * fails. Lock held; the file I/O runs under it, which is fine on this rare path (appends are refused anyway).
   *
   * @param doomed entries past the cut that the writer holds (not queued, not pending)
   */
  private void cut(long lsn, IOException cause, List<Entry> doomed) {
    cutRequest = -1;
    IOException failure = cause != null ? cause : new IOException("fsync failed; log cut back to LSN " + lsn);
    List<Entry> failed = new ArrayList<>(doomed);
    failed.addAll(queueDrained());
    if (!needsNewSegment) {
      long keep = Math.max(SegmentHeader.BYTES, lsn - active.baseLsn());
      try {
        if (!active.isClosed()) {
          active.truncate(keep);
        }
        needsRepair = false;
      } catch (IOException truncateFailed) {
        failure.addSuppressed(truncateFailed);
        needsRepair = true; // repair() retries before appends are accepted again
      }
      endLsn = active.endLsn();
      reservedBase = active.baseLsn();
      writtenLsn = endLsn;
    } else {
      endLsn = writtenLsn;
      reservedBase = endLsn;
    }
    clearDefined(endLsn);
    progress.signalAll();
    failAll(failed, List.of(), failure);
  }

  /** Removes and returns every queued entry; lock held. */
  private List<Entry> queueDrained() {
    List<Entry> out = new ArrayList<>(queue);
    queue.clear();
    queuedBytes = 0;
    queueRoom.signalAll();
    return out;
  }

  /** Undoes what a failure left behind: a closed segment, or bytes past the end we keep. Writer thread, lock held. */
  private void repair() {
    try {
      if (needsNewSegment) {
        long base = writtenLsn;
        ActiveSegment next = ActiveSegment.createLazily(options.directory(), base, options.channelFactory(),
            options.segmentBytes());
        active = next;
        activeBaseLsn = base;
        needsNewSegment = false;
        writtenLsn = next.endLsn();
        endLsn = writtenLsn;
        reservedBase = base;
        clearDefined(endLsn);
      } else {
        active.truncate(active.size());
      }
      needsRepair = false;
    } catch (IOException e) {
      refusingReason = "repair of " + active.path() + " failed: " + e.getMessage();
    }
    progress.signalAll();
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

  /** Fails {@code a} and {@code b} (in LSN order) through their callbacks; called with the lock held. */
  private void failAll(List<Entry> a, List<Entry> b, IOException cause) {
    WalUnavailableException error = WalUnavailableException.refusing(String.valueOf(cause), cause);
    for (Entry e : a) {
      notifyFailure(e, error);
    }
    for (Entry e : b) {
      notifyFailure(e, error);
    }
  }

  // ---------------------------------------------------------------- flusher thread

  private void flushLoop() {
    List<Entry> done = new ArrayList<>();
    while (true) {
      ActiveSegment segment;
      long target;
      lock.lock();
      try {
        while (pending.isEmpty() && !(state == WalState.CLOSED && writerDone)) {
          flusherWork.awaitUninterruptibly();
        }
        if (pending.isEmpty()) {
          return; // closed and drained
        }
        waitForGroupCommitSlot();
        segment = active;
        target = writtenLsn;
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
      for (Entry e : done) {
        notifyDurable(e);
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
        wait = flusherWork.awaitNanos(wait);
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

  /**
   * Fails everything pending and asks the writer to cut the log back to the durable end (the writer fails what it
   * holds or has queued after it); lock held.
   */
  private void onFsyncFailure(IOException e) {
    if (state != WalState.CLOSED) {
      enterRefusing("fsync of " + active.path() + " failed: " + e.getMessage(), e);
    }
    List<Entry> failed = new ArrayList<>(pending);
    pending.clear();
    cutRequest = durableLsn;
    writerWork.signal();
    failAll(failed, List.of(), e); // after the state change: whoever sees the failure also sees REFUSING
  }

  private void notifyDurable(Entry e) {
    try {
      e.callback.onDurable(e.lsn);
    } catch (RuntimeException ex) {
      log.log(Level.WARNING, "WAL durable callback threw; continuing", ex);
    }
  }

  private void notifyFailure(Entry e, WalUnavailableException error) {
    try {
      e.callback.onFailure(e.lsn, error);
    } catch (RuntimeException ex) {
      log.log(Level.WARNING, "WAL failure callback threw; continuing", ex);
    }
  }

  /** Writes what is queued, waits for it to become durable (callbacks run), fsyncs and closes. Idempotent. */
  void close() throws IOException {
    lock.lock();
    try {
      if (state == WalState.CLOSED) {
        return;
      }
      state = WalState.CLOSED;
      writerWork.signalAll();
      flusherWork.signalAll();
      queueRoom.signalAll();
    } finally {
      lock.unlock();
    }
    join(writer);
    if (flusher != null) {
      join(flusher);
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

  private static void join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  WalState state() {
    return state;
  }

  /**
   * Every key whose definition a record at or after {@code lsn} may find earlier in the reserved segment; null if
   * that is not tracked for {@code lsn} (it lies before where this writer started tracking that segment).
   */
  BitSet keysDefinedSince(long lsn) {
    lock.lock();
    try {
      return definedFromLsn <= lsn ? (BitSet) defined.clone() : null;
    } finally {
      lock.unlock();
    }
  }

  String refusingReason() {
    return refusingReason;
  }

  /** LSN the next appended record gets (records below it may still be queued for the writer). */
  long endLsn() {
    return endLsn;
  }

  /** End of what is written to the file (records below it can be read back). */
  long writtenLsn() {
    return writtenLsn;
  }

  /**
   * Waits until everything reserved before {@code lsn} is written to the file, or cut (failed), or the writer
   * stopped; at most {@code timeoutMillis}.
   *
   * @return the written end then
   */
  long awaitWritten(long lsn, long timeoutMillis) {
    long wait = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    try {
      while (writtenLsn < lsn && endLsn >= lsn && !writerDone && wait > 0) {
        wait = progress.awaitNanos(wait);
      }
      return writtenLsn;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return writtenLsn;
    } finally {
      lock.unlock();
    }
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

  /**
   * One append: its framed records (definitions first), its LSN range, and, if it is the first in a new segment,
   * that segment's base LSN (else -1).
   */
  private record Entry(long segmentStart, long lsn, long endLsn, ByteBuffer[] frames, int bytes,
      AppendCallback callback) {}
}
