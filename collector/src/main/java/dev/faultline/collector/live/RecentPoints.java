package dev.faultline.collector.live;

import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.store.SeriesStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The recent points of the series, as recovered at start (from the write-ahead log, or a store snapshot plus the
 * log's tail): what {@link DetectionSink#warmUp} rebuilds detector state from. The only thing detection needs from
 * storage, so storage can change how it recovers without detection knowing.
 */
public interface RecentPoints {

  /** The keys of the series matching {@code filter}. */
  List<SeriesKey> keys(Predicate<SeriesKey> filter);

  /** The retained points of {@code key}, oldest first (none when the series is gone). */
  History read(SeriesKey key);

  /** One series' retained points. */
  record History(SeriesKey key, String type, String unit, long[] timestamps, double[] values) {}

  /** The points {@code store} holds. */
  static RecentPoints of(SeriesStore store) {
    return new RecentPoints() {
      @Override
      public List<SeriesKey> keys(Predicate<SeriesKey> filter) {
        List<SeriesKey> keys = new ArrayList<>();
        store.list(filter).forEach(s -> keys.add(s.key()));
        return keys;
      }

      @Override
      public History read(SeriesKey key) {
        MemorySeries s = store.get(key.id());
        if (s == null) {
          return new History(key, "", "", new long[0], new double[0]);
        }
        MemorySeries.Points p = s.read(Long.MIN_VALUE, Long.MAX_VALUE);
        return new History(key, s.type(), s.unit(), p.timestamps(), p.values());
      }
    };
  }
}
