package dev.faultline.collector.store;

import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>Memory budget: each point costs 16 bytes (a long and a double), so the per-series cap is
 * {@code min(maxPointsPerSeries, maxMemoryBytes / 16 / seriesCount)}, recomputed when a series is added; buffers
 * over the new cap shrink on their next append. The fixed cost per series (key, labels, map entry) is not in
 * the budget; {@code faultline bench} measures it.
 */
public final class SeriesStore {

  /** Bytes per stored point: one long timestamp and one double value. */
  public static final int BYTES_PER_POINT = 16;

  private final ConcurrentHashMap<String, MemorySeries> series = new ConcurrentHashMap<>();
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

  /** Stores every sample of {@code batch} and records its sender. Thread-safe. */
  public void append(DecodedBatch batch) {
    registry.observe(batch.agent(), clock.getAsLong());
    SeriesRef[] refs = batch.series();
    long[] timestamps = batch.timestamps();
    double[] values = batch.values();
    int cap = pointCap;
    int skipped = 0;
    for (int i = 0; i < batch.sampleCount(); i++) {
      int result = resolve(refs[i]).append(timestamps[i], values[i], cap, retentionMillis);
      if (result == MemorySeries.RETIRED) { // removed by the retention sweep since the ref cached it
        refs[i].sinkHandle(null);
        result = resolve(refs[i]).append(timestamps[i], values[i], cap, retentionMillis);
      }
      if (result != MemorySeries.APPENDED) {
        skipped++;
      }
    }
    stored.add(batch.sampleCount() - skipped);
    if (skipped > 0) {
      skippedNotNewer.add(skipped);
    }
  }

  /** The series with canonical key {@code id}, or null. */
  public MemorySeries get(String id) {
    return series.get(id);
  }

  /** Series matching {@code filter}, sorted by key. */
  /** Visits every series in no particular order (cheaper than {@link #list}: no copy, no sort). */
  public void forEachSeries(java.util.function.Consumer<MemorySeries> action) {
    series.values().forEach(action);
  }

  public List<MemorySeries> list(Predicate<SeriesKey> filter) {
    List<MemorySeries> result = new ArrayList<>();
    for (MemorySeries s : series.values()) {
      if (filter.test(s.key())) {
        result.add(s);
      }
    }
    result.sort(Comparator.comparing(s -> s.key().id()));
    return result;
  }

  /**
   * Drops points older than the retention from every series, removes series left empty (so instances that went
   * away do not keep their metadata forever) and forgets reporters not seen within the retention. Called
   * periodically; returns the number of points dropped.
   */
  public long evictExpired(long nowMillis) {
    long cutoff = nowMillis - retentionMillis;
    long dropped = 0;
    for (MemorySeries s : series.values()) {
      dropped += s.evictBefore(cutoff);
      if (s.retireIfEmpty()) {
        series.remove(s.key().id(), s);
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

  /** Bytes of point arrays allocated (capacity, not fill). */
  public long pointBytes() {
    long total = 0;
    for (MemorySeries s : series.values()) {
      total += s.arrayBytes();
    }
    return total;
  }

  /** Finds the series for a ref, caching it on the ref so the next sample skips the hash lookup. */
  private MemorySeries resolve(SeriesRef ref) {
    Object handle = ref.sinkHandle();
    if (handle instanceof MemorySeries s) {
      return s;
    }
    MemorySeries s = series.get(ref.key().id());
    if (s == null || s.isRetired()) {
      s = series.compute(ref.key().id(), (id, old) -> old == null || old.isRetired()
          ? new MemorySeries(ref.key(), ref.type(), ref.unit()) : old);
      pointCap = capFor(series.size());
    }
    ref.sinkHandle(s);
    return s;
  }

  private int capFor(int seriesCount) {
    long byBudget = maxMemoryBytes / BYTES_PER_POINT / Math.max(1, seriesCount);
    return (int) Math.max(2, Math.min(maxPointsPerSeries, byBudget));
  }
}
