package dev.faultline.agent.series;

import dev.faultline.agent.instrument.record.SeriesIds;
import dev.faultline.proto.v1.MetricType;
import java.util.HashMap;
import java.util.Map;

/**
 * Series ids for the instrumentation's metrics (per endpoint, per database and operation), from the agent's one
 * {@link SeriesRegistry}: the same (metric, labels) always gets the same id, so the sender defines each series
 * once per connection, before the first batch that uses it. Not thread-safe: used by the collection thread only.
 *
 * <pre>{@code
 * SeriesDictionary dictionary = new SeriesDictionary(registry);
 * MetricBatchEncoder.encodeInto(handle.drain(now), dictionary, batch);
 * }</pre>
 */
public final class SeriesDictionary implements SeriesIds {

  private final SeriesRegistry registry;
  private final Map<Key, Integer> ids = new HashMap<>();

  public SeriesDictionary(SeriesRegistry registry) {
    this.registry = registry;
  }

  @Override
  public int idFor(String metric, Map<String, String> labels, MetricType type, String unit) {
    Key key = new Key(metric, labels);
    Integer id = ids.get(key);
    if (id == null) {
      id = registry.register(metric, type, unit, labels);
      ids.put(key, id);
    }
    return id;
  }

  /** How many series this dictionary has handed out. */
  public int size() {
    return ids.size();
  }

  /** Map equality does not depend on iteration order, so Map.of(a, b) and Map.of(b, a) are the same key. */
  private record Key(String metric, Map<String, String> labels) {}
}
