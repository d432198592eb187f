package dev.faultline.agent.series;

import dev.faultline.proto.v1.MetricType;
import java.util.HashMap;
import java.util.Map;

/**
 * The series of one metric, at most one label key. Not thread-safe: owned by the thread that collects the metric.
 */
public final class MetricFamily {

  private final SeriesRegistry registry;
  private final String metric;
  private final MetricType type;
  private final String unit;
  private final String labelKey;
  private final Map<String, Integer> idsByLabel = new HashMap<>();
  private int unlabelledId;

  MetricFamily(SeriesRegistry registry, String metric, MetricType type, String unit, String labelKey) {
    this.registry = registry;
    this.metric = metric;
    this.type = type;
    this.unit = unit;
    this.labelKey = labelKey;
  }

  /** The id of the unlabelled series; registers it on first use. */
  public int id() {
    if (unlabelledId == 0) {
      unlabelledId = registry.register(metric, type, unit, null, null);
    }
    return unlabelledId;
  }

  /** The id of the series with this label value; registers it on first use. */
  public int id(String labelValue) {
    Integer id = idsByLabel.get(labelValue);
    if (id == null) {
      id = registry.register(metric, type, unit, labelKey, labelValue);
      idsByLabel.put(labelValue, id);
    }
    return id;
  }

  public String metric() {
    return metric;
  }
}
