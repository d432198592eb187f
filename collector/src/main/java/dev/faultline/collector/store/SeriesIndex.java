package dev.faultline.collector.store;

import dev.faultline.collector.model.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The store's series in id order, all of them and per service, so that a page of {@code /api/v1/series} is a walk
 * from the cursor that stops after the page: lock-free for readers, no copy and no sort of the whole store.
 * Changed only when a series is created or removed ({@link SeriesStore} keeps it in step with its map).
 */
final class SeriesIndex {

  private final ConcurrentSkipListMap<String, MemorySeries> all = new ConcurrentSkipListMap<>();
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, MemorySeries>> byService =
      new ConcurrentHashMap<>();

  /** Adds (or replaces) the series of its id. */
  void add(MemorySeries s) {
    String id = s.key().id();
    all.put(id, s);
    // compute() serialises with remove() per service, so a series is never added to a map being dropped
    byService.compute(s.key().service(), (service, ids) -> {
      ConcurrentSkipListMap<String, MemorySeries> m = ids == null ? new ConcurrentSkipListMap<>() : ids;
      m.put(id, s);
      return m;
    });
  }

  /** Removes {@code s} unless its id now belongs to a newer series. */
  void remove(MemorySeries s) {
    String id = s.key().id();
    all.remove(id, s);
    byService.computeIfPresent(s.key().service(), (service, ids) -> {
      ids.remove(id, s);
      return ids.isEmpty() ? null : ids;
    });
  }

  /**
   * Up to {@code max} series matching {@code filter}, in id order, after {@code afterId} (null: from the first);
   * only {@code service}'s when it is not null.
   */
  List<MemorySeries> page(String service, String afterId, Predicate<SeriesKey> filter, int max) {
    NavigableMap<String, MemorySeries> range = service == null ? all : byService.get(service);
    List<MemorySeries> result = new ArrayList<>(Math.min(max, 1024));
    if (range == null || max <= 0) {
      return result;
    }
    if (afterId != null) {
      range = range.tailMap(afterId, false);
    }
    for (MemorySeries s : range.values()) {
      if (filter.test(s.key())) {
        result.add(s);
        if (result.size() == max) {
          break;
        }
      }
    }
    return result;
  }
}
