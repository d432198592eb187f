package dev.faultline.collector.live;

import dev.faultline.collector.model.SeriesKey;
import dev.faultline.common.MetricNames;
import java.util.List;

/**
 * Which series form an entity's feature vector for the clustering detectors: the unlabelled (whole-service)
 * latency quantiles, error ratio, request rate, process CPU and GC time of a service instance, or the CPU, load
 * and memory use of a host. Labelled series (one endpoint, one GC, one disk) are left to the per-series detectors:
 * their number varies, and a vector needs a fixed shape.
 *
 * <pre>{@code
 * int slot = EntityFeatures.slot(key);     // -1: not a feature; else the index in the entity's vector
 * }</pre>
 */
final class EntityFeatures {

  /** Metric name of the anomalies the entity detectors raise (their series id names the entity). */
  static final String ANOMALY_METRIC = "entity_pattern";

  static final List<String> INSTANCE = List.of(MetricNames.LATENCY_P50_SECONDS, MetricNames.LATENCY_P99_SECONDS,
      MetricNames.ERROR_RATIO, MetricNames.REQUEST_RATE, MetricNames.CPU_USAGE_RATIO, MetricNames.JVM_GC_TIME_RATIO);
  static final List<String> HOST = List.of(MetricNames.HOST_CPU_USAGE_RATIO, MetricNames.HOST_LOAD1,
      MetricNames.HOST_MEMORY_USAGE_RATIO);

  private EntityFeatures() {}

  /** The feature index of {@code key} in its entity's vector, or -1. */
  static int slot(SeriesKey key) {
    if (!key.labels().isEmpty()) {
      return -1;
    }
    return key.isHostMetric() ? HOST.indexOf(key.metric()) : INSTANCE.indexOf(key.metric());
  }

  /** The key under which the entity of {@code series} reports its anomalies. */
  static SeriesKey entityKey(SeriesKey series) {
    return SeriesKey.of(ANOMALY_METRIC, java.util.Map.of("detector", "kmeans+iforest"), series.service(),
        series.instance(), series.host());
  }

  /** The feature names of the entity of {@code series}, by slot. */
  static List<String> names(SeriesKey series) {
    return series.isHostMetric() ? HOST : INSTANCE;
  }
}
