package dev.faultline.collector.incident;

/**
 * What the grouper sees of an anomaly: its identity, the entities it belongs to and when it started or ended.
 *
 * @param anomalyId unique per anomaly (the same id on its start and on its end)
 * @param series the series key
 * @param service empty for host metrics
 * @param host host name, may be empty
 * @param metric metric name
 * @param timeMillis start time for a start, end time for an end (data time, epoch milliseconds)
 * @param score peak score so far, 0..1
 * @param end true when the anomaly ended
 */
public record AnomalyEvent(long anomalyId, String series, String service, String host, String metric,
    long timeMillis, double score, boolean end) {

  /** The entity the title names: the service, else {@code host <name>}. */
  String entity() {
    return service.isEmpty() ? "host " + host : service;
  }
}
