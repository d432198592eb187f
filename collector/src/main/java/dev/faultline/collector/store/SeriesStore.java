package dev.faultline.collector.store;

import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * All series in memory, by key.
 *
 * <pre>{@code
 * SeriesStore store = new SeriesStore(retention, maxMemoryBytes, maxPointsPerSeries, System::currentTimeMillis);
 * store.append(batch);                    // from ingest, any thread
 * MemorySeries s = store.get(key.id());   // from the query API
 * }</pre>
 *
 * <p>Memory budget: the per-series cap is {@code min(maxPointsPerSeries, maxMemoryBytes / 16 / seriesCount)}, counting
 * 16 bytes per point (a timestamp and a value, what a series' own block costs; in a shared block a point costs 8
 * bytes plus 8 / width for the row's timestamp), recomputed when a series is added; it bounds the rows of every
 * block. The fixed cost per series (key, labels, map entry) is not in the budget; {@code faultline bench} measures
 * it.
 */
public final class SeriesStore {

  /** Bytes per stored point: one long timestamp and one double value. */
  public static final int BYTES_PER_POINT = 16;

  private final ConcurrentHashMap<String, MemorySeries> series = new ConcurrentHashMap<>();
  /**
   * The same series in id order, all of them and per service: the query API reads pages from here without
   * copying or sorting the store (which took a query worker ~100 ms of CPU per page at 100,000 series and
   * starved the other queries). Updated when a series is created or removed, never per sample.
   */
  private final SeriesIndex index = new SeriesIndex();
  private final Registry registry = new Registry();
  private final long retentionMillis;
  private final long maxMemoryBytes;
  private final int maxPointsPerSeries;
  private final LongSupplier clock;
  private final LongAdder stored = new LongAdder();
  private final LongAdder skippedNotNewer = new LongAdder();
  private volatile int pointCap;

  public SeriesStore(long retentionMillis, long maxMemoryBytes, int maxPointsPerSeries, LongSupplier clock) {
    this.retentionMillis = retentionMillis;
    this.maxMemoryBytes = maxMemoryBytes;
    this.maxPointsPerSeries = maxPointsPerSeries;
    this.clock = clock;
    this.pointCap = capFor(1);
  }

  /**
   * Stores every sample of {@code batch} and records its sender. Thread-safe, but a batch's refs belong to one
   * writer at a time (one connection's event loop, or the replay), as ingest guarantees.
   *
   * <p>The batch is cut into runs of samples with the same timestamp (an agent's sample groups). A run whose refs
   * array comes back batch after batch (the ingest's series dictionary hands out the same array for the same
   * series ids) is stored as one row of a {@link RowBlock}: one array copy for the whole run. The first sighting of
   * a run, and runs in arrays that never recur, go sample by sample into each series' own block.
   */
  public void append(DecodedBatch batch) {
    registry.observe(batch.agent(), clock.getAsLong());
    SeriesRef[] refs = batch.series();
    long[] timestamps = batch.timestamps();
    double[] values = batch.values();
    int n = batch.sampleCount();
    int cap = pointCap;
    long skipped = 0;
    int start = 0;
    while (start < n) {
      long t = timestamps[start];
      int end = runEnd(timestamps, start, n);
      skipped += appendRun(refs, start, end, t, values, cap);
      start = end;
    }
    stored.add(n - skipped);
    if (skipped > 0) {
      skippedNotNewer.add(skipped);
    }
  }

  /**
   * The end of the run of equal timestamps that starts at {@code start} (exclusive, at most {@code n}). Compares the
   * array with itself shifted by one, which the JDK does several longs per instruction (a batch is usually one run
   * of thousands of samples; a scalar loop cost a compare and a branch per sample).
   */
  static int runEnd(long[] timestamps, int start, int n) {
    if (start + 1 >= n) {
      return n;
    }
    int differ = java.util.Arrays.mismatch(timestamps, start, n - 1, timestamps, start + 1, n);
    return differ < 0 ? n : start + 1 + differ;
  }

  /** Stores samples {@code [start, end)}, all at {@code timestampMillis}; returns how many were skipped. */
  private int appendRun(SeriesRef[] refs, int start, int end, long timestampMillis, double[] values, int cap) {
    RefHandle first = handle(refs[start]);
    if (first.groupRefs == refs && first.groupStart == start && first.groupEnd == end) {
      for (int attempt = 0; attempt < 2; attempt++) {
        if (first.block == null || first.block.isDead()) {
          first.block = newBlock(refs, start, end);
        }
        int result = first.block.append(timestampMillis, values, start, cap, retentionMillis);
        if (result != RowBlock.DEAD) {
          return result == RowBlock.APPENDED ? 0 : end - start;
        }
        first.block = null; // left empty by the retention sweep since: a fresh block for fresh series
      }
    } else {
      first.groupRefs = refs; // first sighting: a block only pays off if the same array comes back
      first.groupStart = start;
      first.groupEnd = end;
      first.block = null;
    }
    int skipped = 0;
    for (int i = start; i < end; i++) {
      if (appendOne(refs[i], timestampMillis, values[i], cap) != MemorySeries.APPENDED) {
        skipped++;
      }
    }
    return skipped;
  }

  private int appendOne(SeriesRef ref, long timestampMillis, double value, int cap) {
    int result = series(ref).append(timestampMillis, value, cap, retentionMillis);
    if (result == MemorySeries.RETIRED) { // removed by the retention sweep since the ref cached it
      handle(ref).series = null;
      result = series(ref).append(timestampMillis, value, cap, retentionMillis);
    }
    return result;
  }

  /** A block whose columns are the series of {@code refs[start, end)}, attached to each of them. */
  private RowBlock newBlock(SeriesRef[] refs, int start, int end) {
    while (true) {
      MemorySeries[] members = new MemorySeries[end - start];
      for (int i = start; i < end; i++) {
        members[i - start] = series(refs[i]);
      }
      RowBlock block = new RowBlock(members);
      boolean attached = true;
      for (int c = 0; c < members.length; c++) {
        if (!members[c].attach(block, c)) { // retired by the sweep meanwhile: look it up again
          handle(refs[start + c]).series = null;
          attached = false;
        }
      }
      if (attached) {
        return block;
      }
      block.killIfEmpty(); // the next sweep detaches it from the members that took it
    }
  }
  /** The series of {@code key}, created if missing (snapshot restore, before ingest starts). */
  MemorySeries seriesFor(SeriesKey key, String type, String unit) {
    MemorySeries s = series.computeIfAbsent(key.id(), id -> indexed(new MemorySeries(key, type, unit)));
    pointCap = capFor(series.size());
    return s;
  }

  /** A new block of {@code members}, attached to each (snapshot restore). */
  RowBlock attachRestored(MemorySeries[] members) {
    RowBlock block = new RowBlock(members);
    for (int c = 0; c < members.length; c++) {
      members[c].attach(block, c);
    }
    return block;
  }

  /** Appends a restored row under the current cap and retention; returns the {@link RowBlock} result. */
  int appendRestored(RowBlock block, long timestampMillis, double[] row) {
    return block.append(timestampMillis, row, 0, pointCap, retentionMillis);
  }

  /** The series with canonical key {@code id}, or null. */
  public MemorySeries get(String id) {
    return series.get(id);
  }

  /** Visits every series in no particular order (cheaper than {@link #list}: no copy). */
  public void forEachSeries(java.util.function.Consumer<MemorySeries> action) {
    series.values().forEach(action);
  }

  /** Series matching {@code filter}, sorted by id (read in order from the index: no sort). */
  public List<MemorySeries> list(Predicate<SeriesKey> filter) {
    return index.page(null, null, filter, Integer.MAX_VALUE);
  }

  /**
   * Up to {@code max} series matching {@code filter}, in id order, with ids after {@code afterId} (null: from the
   * first); only those of {@code service} when it is not null. Walks the id-ordered index and stops at {@code max}
   * matches, so a page costs the series it skips plus {@code max}, not the size of the store.
   */
  public List<MemorySeries> page(String service, String afterId, Predicate<SeriesKey> filter, int max) {
    return index.page(service, afterId, filter, max);
  }

  /**
   * Drops points older than the retention from every series, removes series left empty (so instances that went
   * away do not keep their metadata forever) and forgets reporters not seen within the retention. Called
   * periodically; returns the number of points dropped.
   */
  public long evictExpired(long nowMillis) {
    long cutoff = nowMillis - retentionMillis;
    long dropped = 0;
    Set<RowBlock> swept = Collections.newSetFromMap(new IdentityHashMap<>());
    for (MemorySeries s : series.values()) {
      for (MemorySeries.Placement p : s.placements()) {
        if (swept.add(p.block())) {
          dropped += p.block().evictBefore(cutoff);
          p.block().killIfEmpty();
        }
      }
      if (s.detachDeadAndRetireIfEmpty()) {
        series.computeIfPresent(s.key().id(), (id, current) -> current == s ? unindexed(s) : current);
      }
    }
    pointCap = capFor(series.size());
    registry.forgetNotSeenSince(cutoff);
    return dropped;
  }

  public Registry registry() { return registry; }

  public int seriesCount() { return series.size(); }

  /** Samples stored since start. */
  public long samplesStored() { return stored.sum(); }

  /** Samples skipped because not newer than their series' last point. */
  public long samplesSkipped() { return skippedNotNewer.sum(); }

  /** Current per-series point cap derived from the memory budget. */
  public int pointCap() { return pointCap; }

  /** Bytes of point arrays allocated (chunk capacity, not fill). Walks every series: not for hot paths. */
  public long pointBytes() {
    long total = 0;
    Set<RowBlock> counted = Collections.newSetFromMap(new IdentityHashMap<>());
    for (MemorySeries s : series.values()) {
      for (MemorySeries.Placement p : s.placements()) {
        if (counted.add(p.block())) {
          total += p.block().allocatedBytes();
        }
      }
    }
    return total;
  }

  /** The store's state for a ref, cached on the ref ({@link SeriesRef#sinkHandle}). */
  private static RefHandle handle(SeriesRef ref) {
    if (ref.sinkHandle() instanceof RefHandle h) {
      return h;
    }
    RefHandle h = new RefHandle();
    ref.sinkHandle(h);
    return h;
  }

  /** Finds the series for a ref, caching it on the ref so the next sample skips the hash lookup. */
  private MemorySeries series(SeriesRef ref) {
    RefHandle h = handle(ref);
    MemorySeries s = h.series;
    if (s != null) {
      return s;
    }
    s = series.get(ref.key().id());
    if (s == null || s.isRetired()) {
      s = series.compute(ref.key().id(), (id, old) -> old == null || old.isRetired()
          ? indexed(new MemorySeries(ref.key(), ref.type(), ref.unit())) : old);
      pointCap = capFor(series.size());
    }
    h.series = s;
    return s;
  }

  /**
   * Adds {@code s} to the index; called inside the map's compute of its id, so that the map and the index change
   * together for each id (a sweep removing the old series and a writer creating the new one cannot interleave).
   */
  private MemorySeries indexed(MemorySeries s) {
    index.add(s);
    return s;
  }

  /** Removes {@code s} from the index, inside the map's compute of its id; returns null (remove the mapping). */
  private MemorySeries unindexed(MemorySeries s) {
    index.remove(s);
    return null;
  }

  private int capFor(int seriesCount) {
    long byBudget = maxMemoryBytes / BYTES_PER_POINT / Math.max(1, seriesCount);
    return (int) Math.max(2, Math.min(maxPointsPerSeries, byBudget));
  }

  /**
   * What the store remembers per ref: its series, and for the first ref of a run, the run it last started (by
   * array identity and bounds) and that run's block. Written by the ref's one writer; a racy re-resolve only costs
   * an extra lookup or block.
   */
  private static final class RefHandle {
    MemorySeries series;
    SeriesRef[] groupRefs;
    int groupStart;
    int groupEnd;
    RowBlock block;
  }
}
