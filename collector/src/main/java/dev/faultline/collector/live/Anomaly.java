package dev.faultline.collector.live;

/**
 * One anomaly: the time a series' alert was open.
 *
 * @param id unique in this collector run
 * @param series the series key
 * @param service empty for host metrics
 * @param instance empty for host metrics
 * @param host may be empty
 * @param metric metric name
 * @param startMillis when the alert opened (data time)
 * @param endMillis when it closed, null while open
 * @param score peak score while open (so far), 0..1
 */
public record Anomaly(long id, String series, String service, String instance, String host, String metric,
    long startMillis, Long endMillis, double score) {

  public boolean isOpen() {
    return endMillis == null;
  }

  Anomaly closed(long endMillis, double peak) {
    return new Anomaly(id, series, service, instance, host, metric, startMillis, endMillis, Math.max(score, peak));
  }
}
