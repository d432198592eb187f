package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.live.Anomaly;
import dev.faultline.collector.model.SeriesKey;
import java.util.Map;

/**
 * An anomaly as the analyzers publish it to the anomalies topic (JSON, keyed by {@link #id}): the single node's
 * {@link Anomaly} plus the series' labels, so that the global step can rebuild the series key.
 *
 * <p>The id is a function of the series and the opening time ({@link #idOf}), not a counter: an analyzer that takes
 * over a partition and re-reports an alert that was open there reports it under the same id, so a moved partition
 * never doubles an anomaly. Ids grow with the opening time (to the second), as the API's anomaly cursor expects.
 */
record AnomalyMessage(long id, String series, String metric, Map<String, String> labels, String service,
    String instance, String host, long startMillis, Long endMillis, double score) {

  /** Seconds in the upper bits, 20 bits of the series hash below: below 2^53, so exact in JSON numbers. */
  static long idOf(SeriesKey key, long startMillis) {
    return (Math.floorDiv(startMillis, 1000) << 20) | (key.id().hashCode() & 0xFFFFF);
  }

  static AnomalyMessage opened(SeriesKey key, long startMillis, double score) {
    return new AnomalyMessage(idOf(key, startMillis), key.id(), key.metric(), key.labels(), key.service(),
        key.instance(), key.host(), startMillis, null, score);
  }

  AnomalyMessage closed(long endMillis, double peak) {
    return new AnomalyMessage(id, series, metric, labels, service, instance, host, startMillis,
        Math.max(endMillis, startMillis), Math.max(score, peak));
  }

  boolean open() {
    return endMillis == null;
  }

  SeriesKey seriesKey() {
    return SeriesKey.of(metric, labels == null ? Map.of() : labels, service, instance, host);
  }

  Anomaly anomaly() {
    return new Anomaly(id, series, service, instance, host, metric, startMillis, endMillis, score);
  }
}
