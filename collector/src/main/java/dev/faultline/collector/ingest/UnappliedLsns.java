package dev.faultline.collector.ingest;

import java.util.Set;

/**
 * The LSNs one connection appended to the write-ahead log and has not yet applied to the store (or given up), oldest
 * first, so that a snapshot never claims them ({@link DurableLog#snapshotLsn}). Why one per connection rather than
 * one shared sorted set: a connection appends in LSN order and applies in the same order on its own event loop, so
 * its LSNs form a queue whose head is its oldest; the shared {@code ConcurrentSkipListSet<Long>} this replaces cost a
 * boxed node, a log-n insert and a log-n removal per batch on contended cache lines (~2.5 ns per sample of the ingest
 * threads' CPU in a profiled WAL run, BENCHMARKS.md "WAL: where the ingest threads' extra CPU goes").
 *
 * <p>While it holds any LSN the tracker is in {@code live}, the set {@link DurableLog#snapshotLsn} takes the minimum
 * over; an empty tracker leaves it, so closed connections leave nothing behind. Thread-safe (the lock is uncontended
 * but for a snapshot reading {@link #oldest}).
 */
final class UnappliedLsns {

  private final Set<UnappliedLsns> live;
  /** Ring of LSNs from {@code head} (inclusive) for {@code size} entries, ascending; {@link #GONE} = applied. */
  private long[] ring = new long[16];
  private int head;
  private int size;

  private static final long GONE = -1;

  UnappliedLsns(Set<UnappliedLsns> live) {
    this.live = live;
  }

  /** Records {@code lsn} as appended, not yet applied. Usually the newest, so it goes at the tail. */
  synchronized void add(long lsn) {
    if (size == ring.length) {
      long[] grown = new long[ring.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = ring[(head + i) & (ring.length - 1)];
      }
      ring = grown;
      head = 0;
    }
    int i = size++;
    // keep ascending order (appends from one thread come in order; the shared tracker's may not)
    while (i > 0 && at(i - 1) > lsn) {
      put(i, at(i - 1));
      i--;
    }
    put(i, lsn);
    if (size == 1) {
      live.add(this);
    }
  }

  /** Records {@code lsn} as applied or given up; usually the oldest. Unknown LSNs are ignored. */
  synchronized void remove(long lsn) {
    if (size == 0) {
      return;
    }
    if (at(0) == lsn) {
      popHead();
    } else { // rare: a callback that was not scheduled in order
      for (int i = 1; i < size; i++) {
        if (at(i) == lsn) {
          put(i, GONE);
          break;
        }
      }
    }
    while (size > 0 && at(0) == GONE) {
      popHead();
    }
    if (size == 0) {
      live.remove(this);
    }
  }

  /** The oldest unapplied LSN, or {@link Long#MAX_VALUE} if none. */
  synchronized long oldest() {
    return size == 0 ? Long.MAX_VALUE : at(0);
  }

  private void popHead() {
    head = (head + 1) & (ring.length - 1);
    size--;
  }

  private long at(int i) {
    return ring[(head + i) & (ring.length - 1)];
  }

  private void put(int i, long lsn) {
    ring[(head + i) & (ring.length - 1)] = lsn;
  }
}
