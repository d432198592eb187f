package dev.faultline.collector.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Identity of a series: metric name, labels, and the service, instance and host it belongs to. Host metrics
 * (names starting with {@code host_}) are identified by host and labels only, so that the host probe and the JVM
 * agents of one host feed the same series.
 *
 * <p>The canonical string form is also the id used by the query API:
 * <pre>
 * jvm_heap_used_bytes{service="checkout",instance="checkout-1",host="web-1",pool="eden"}
 * host_cpu_usage_ratio{host="web-1"}
 * </pre>
 * Identity labels come first in that fixed order, then the other labels sorted by key; quotes and backslashes in
 * values are escaped. Equality and hash code are those of the string, computed once.
 */
public final class SeriesKey {

  /** Metric names with this prefix are host-level series. */
  public static final String HOST_PREFIX = "host_";

  private final String metric;
  private final Map<String, String> labels;
  private final String service;
  private final String instance;
  private final String host;
  private final String id;

  private SeriesKey(String metric, Map<String, String> labels, String service, String instance, String host) {
    this.metric = metric;
    this.labels = labels;
    this.service = service;
    this.instance = instance;
    this.host = host;
    this.id = render();
  }

  /**
   * Creates the key of {@code metric} with {@code labels} reported by a source with the given identity; for host
   * metrics service and instance are dropped.
   */
  public static SeriesKey of(String metric, Map<String, String> labels, String service, String instance, String host) {
    TreeMap<String, String> sorted = new TreeMap<>(labels);
    boolean hostMetric = metric.startsWith(HOST_PREFIX);
    return new SeriesKey(metric, Collections.unmodifiableMap(sorted),
        hostMetric ? "" : service, hostMetric ? "" : instance, host);
  }

  public String metric() { return metric; }

  /** Labels beyond service, instance and host, sorted by key. */
  public Map<String, String> labels() { return labels; }

  /** Empty for host metrics. */
  public String service() { return service; }

  /** Empty for host metrics. */
  public String instance() { return instance; }

  public String host() { return host; }

  public boolean isHostMetric() {
    return metric.startsWith(HOST_PREFIX);
  }

  /** The canonical string form, used as the series id by the query API. */
  public String id() {
    return id;
  }

  private String render() {
    List<String> parts = new ArrayList<>();
    if (!service.isEmpty()) parts.add(pair("service", service));
    if (!instance.isEmpty()) parts.add(pair("instance", instance));
    if (!host.isEmpty()) parts.add(pair("host", host));
    labels.forEach((k, v) -> parts.add(pair(k, v)));
    return metric + "{" + String.join(",", parts) + "}";
  }

  private static String pair(String key, String value) {
    return key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof SeriesKey && ((SeriesKey) o).id.equals(id));
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
