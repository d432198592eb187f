package dev.faultline.collector.live;

import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Feeds the recovered points of one worker's series through its detectors, silently (see {@link
 * DetectionWorker#silently}). Series are taken entity by entity (one service instance or host at a time, which
 * bounds the memory to one entity's points) and each entity's points are merged by timestamp, because the entity
 * detector builds its vectors from its series' values in time order.
 */
final class StoreWarmUp {

  private StoreWarmUp() {}

  /** Returns the number of points fed. */
  static long run(RecentPoints source, DetectionWorker worker) {
    return run(source, worker, key -> null, new int[1]);
  }

  /**
   * As {@link #run(RecentPoints, DetectionWorker)}, but a series with a checkpoint starts from it (its earlier
   * points then reach only its entity); {@code restored[0]} counts the checkpoints used.
   */
  static long run(RecentPoints source, DetectionWorker worker,
      java.util.function.Function<SeriesKey, StreamDetection.Checkpoint> checkpoints, int[] restored) {
    Map<String, List<SeriesKey>> byEntity = new LinkedHashMap<>();
    for (SeriesKey key : source.keys(worker::owns)) {
      byEntity.computeIfAbsent(key.service() + '\n' + key.instance() + '\n' + key.host(), e -> new ArrayList<>())
          .add(key);
    }
    long[] fed = new long[1];
    worker.silently(feeder -> {
      for (List<SeriesKey> keys : byEntity.values()) {
        List<RecentPoints.History> series = new ArrayList<>();
        keys.forEach(k -> series.add(source.read(k)));
        for (RecentPoints.History h : series) {
          StreamDetection.Checkpoint c = checkpoints.apply(h.key());
          if (c != null && feeder.restore(new SeriesRef(h.key(), h.type(), h.unit()), c.state(), c.upToMillis())) {
            restored[0]++;
          }
        }
        fed[0] += mergeAndFeed(series, feeder);
      }
    });
    return fed[0];
  }

  private static long mergeAndFeed(List<RecentPoints.History> series, DetectionWorker.Feeder feeder) {
    PriorityQueue<Cursor> next = new PriorityQueue<>((a, b) -> Long.compare(a.time(), b.time()));
    for (RecentPoints.History h : series) {
      if (h.timestamps().length > 0) {
        next.add(new Cursor(new SeriesRef(h.key(), h.type(), h.unit()), h));
      }
    }
    long fed = 0;
    while (!next.isEmpty()) {
      Cursor c = next.poll();
      feeder.feed(c.ref, c.time(), c.history.values()[c.at]);
      fed++;
      if (++c.at < c.history.timestamps().length) {
        next.add(c);
      }
    }
    return fed;
  }

  private static final class Cursor {
    final SeriesRef ref;
    final RecentPoints.History history;
    int at;

    Cursor(SeriesRef ref, RecentPoints.History history) {
      this.ref = ref;
      this.history = history;
    }

    long time() {
      return history.timestamps()[at];
    }
  }
}
