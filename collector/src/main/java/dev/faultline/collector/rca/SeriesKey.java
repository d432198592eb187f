package dev.faultline.collector.rca;

import java.util.Objects;

/**
 * Names one series: a service (or any topology node) and a metric.
 *
 * @param service node name as in the topology
 * @param metric snake_case metric name
 */
public record SeriesKey(String service, String metric) implements Comparable<SeriesKey> {
  public SeriesKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(metric, "metric");
  }

  public MetricKind kind() {
    return MetricKind.of(metric);
  }

  @Override
  public int compareTo(SeriesKey o) {
    int c = service.compareTo(o.service);
    return c != 0 ? c : metric.compareTo(o.metric);
  }

  @Override
  public String toString() {
    return service + "/" + metric;
  }
}
