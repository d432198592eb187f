package dev.faultline.agent.series;

import dev.faultline.proto.v1.Label;
import dev.faultline.proto.v1.MetricType;
import dev.faultline.proto.v1.SeriesDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out stable series ids, 1, 2, 3, ..., one per (metric, labels), for the lifetime of the agent.
 *
 * <p>Ids are dense and never reused, so "which series has this connection already seen" is a single number:
 * the highest id defined on it. Lookups go through {@link MetricFamily}, which caches ids per label value so the
 * per-interval path does not allocate. Thread-safe: families register from the collection thread while the
 * network thread reads definitions.
 *
 * <pre>{@code
 * MetricFamily heap = registry.family("jvm_heap_used_bytes", MetricType.METRIC_TYPE_GAUGE, "bytes", null);
 * samples.add(heap.id(), 1.5e8);
 * }</pre>
 */
public final class SeriesRegistry {

  private final List<SeriesDefinition> definitions = new ArrayList<>();

  /** Returns a family for one metric; {@code labelKey} null means unlabelled. Call once per metric. */
  public MetricFamily family(String metric, MetricType type, String unit, String labelKey) {
    return new MetricFamily(this, metric, type, unit, labelKey);
  }

  synchronized int register(String metric, MetricType type, String unit, String labelKey, String labelValue) {
    return register(metric, type, unit, labelKey == null ? Map.of() : Map.of(labelKey, labelValue));
  }

  /**
   * Registers a new series with any number of labels (sent sorted by key) and returns its id. Every call makes a
   * new id: callers cache ids per (metric, labels), as {@link MetricFamily} and {@link SeriesDictionary} do.
   */
  public synchronized int register(String metric, MetricType type, String unit, Map<String, String> labels) {
    SeriesDefinition.Builder b = SeriesDefinition.newBuilder()
        .setId(definitions.size() + 1)
        .setMetric(metric)
        .setType(type)
        .setUnit(unit);
    new TreeMap<>(labels).forEach((k, v) -> b.addLabels(Label.newBuilder().setKey(k).setValue(v)));
    definitions.add(b.build());
    return definitions.size();
  }

  /** The highest id handed out so far; 0 when none. */
  public synchronized int size() {
    return definitions.size();
  }

  /** Definitions of ids {@code fromId..toId}, both inclusive, clamped to the ids that exist. */
  public synchronized List<SeriesDefinition> definitions(int fromId, int toId) {
    int from = Math.max(1, fromId);
    int to = Math.min(toId, definitions.size());
    return from > to ? List.of() : List.copyOf(definitions.subList(from - 1, to));
  }
}
