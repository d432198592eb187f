package dev.faultline.collector.live;

import dev.faultline.collector.model.SeriesKey;

/** Where detection workers report alert transitions. Called on worker threads; implementations are thread-safe. */
public interface AnomalyListener {

  /** The alert of {@code series} opened at {@code timeMillis}; returns the id of the new anomaly. */
  long opened(SeriesKey series, long timeMillis, double score);

  /** Anomaly {@code id} closed at {@code timeMillis} with the given peak score. */
  void closed(long id, long timeMillis, double peakScore);
}
