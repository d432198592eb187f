package dev.faultline.collector.ingest;

import dev.faultline.collector.model.SeriesRef;
import java.util.Arrays;

/**
 * One connection's series ids, as defined by {@code SeriesDefinitions}: an array indexed by id, so resolving a
 * sample costs one bounds check and one load. Ids must be below the configured bound, which also bounds the array.
 * Not thread-safe: owned by one connection's event loop.
 */
final class SeriesDictionary {

  private final int maxSeries;
  private SeriesRef[] byId = new SeriesRef[64];
  private int defined;

  SeriesDictionary(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /** Defines or redefines {@code id}. */
  void define(int id, SeriesRef ref) {
    if (id < 0 || id >= maxSeries) { // uint32 ids above 2^31 arrive negative
      throw FrameRejectedException.limitExceeded("series id " + Integer.toUnsignedString(id)
          + " is above this collector's limit of " + maxSeries + " series per connection"
          + " (ingest.max-series-per-connection)");
    }
    if (id >= byId.length) {
      byId = Arrays.copyOf(byId, Math.min(maxSeries, Math.max(id + 1, byId.length * 2)));
    }
    if (byId[id] == null) {
      defined++;
    }
    byId[id] = ref;
  }

  /** The series of {@code id}, or null when undefined on this connection. */
  SeriesRef get(int id) {
    return id >= 0 && id < byId.length ? byId[id] : null;
  }

  int size() {
    return defined;
  }
}
