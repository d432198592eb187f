package dev.faultline.collector.ingest;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.proto.v1.Label;
import dev.faultline.proto.v1.MetricType;
import dev.faultline.proto.v1.SeriesDefinition;
import dev.faultline.proto.v1.SeriesDefinitions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Arrays;

/**
 * One connection's series ids, as defined by {@code SeriesDefinitions}: an array indexed by id, so resolving a
 * sample costs one bounds check and one load. Ids must be below the configured bound, which also bounds the array.
 * Not thread-safe: owned by one connection's event loop. Public for the parse-only benchmark.
 */
public final class SeriesDictionary {

  private final int maxSeries;
  private SeriesRef[] byId = new SeriesRef[64];
  private int defined;
  /** The ids and refs of the last resolved batch; agents send the same series batch after batch. */
  private int[] lastIds = new int[0];
  private SeriesRef[] lastRefs;

  public SeriesDictionary(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /**
   * Defines every series of {@code definitions} for a connection of {@code agent} (whose service, instance and
   * host complete each series key).
   */
  public void defineAll(SeriesDefinitions definitions, AgentInfo agent) {
    defineAll(definitions, agent, key -> {});
  }

  /**
   * As {@link #defineAll(SeriesDefinitions, AgentInfo)}, passing each key to {@code admission} first, which throws
   * {@link FrameRejectedException} to refuse it (the per-agent series cap).
   */
  public void defineAll(SeriesDefinitions definitions, AgentInfo agent, java.util.function.Consumer<SeriesKey> admission) {
    for (SeriesDefinition d : definitions.getSeriesList()) {
      if (d.getMetric().isEmpty()) {
        throw FrameRejectedException.protocolViolation("series id " + d.getId() + " is defined without a metric name");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      for (Label l : d.getLabelsList()) {
        labels.put(l.getKey(), l.getValue());
      }
      SeriesKey key = SeriesKey.of(d.getMetric(), labels, agent.service(), agent.instance(), agent.host());
      admission.accept(key);
      define(d.getId(), new SeriesRef(key, typeName(d.getType()), d.getUnit()));
    }
  }

  /** Defines or redefines {@code id}. */
  public void define(int id, SeriesRef ref) {
    if (id < 0 || id >= maxSeries) { // uint32 ids above 2^31 arrive negative
      throw FrameRejectedException.limitExceeded("ingest.max-series-per-connection", "series id " + Integer.toUnsignedString(id)
          + " is above this collector's limit of " + maxSeries + " series per connection"
          + " (ingest.max-series-per-connection)");
    }
    if (id >= byId.length) {
      byId = Arrays.copyOf(byId, Math.min(maxSeries, Math.max(id + 1, byId.length * 2)));
    }
    if (byId[id] == null) {
      defined++;
    }
    byId[id] = ref;
    lastRefs = null;
  }

  /** The series of {@code id}, or null when undefined on this connection. */
  SeriesRef get(int id) {
    return id >= 0 && id < byId.length ? byId[id] : null;
  }

  /**
   * Maps every sample's series id to its ref: one array load per sample, or none when the batch uses the same ids
   * as the previous one. Then the previous refs array itself is returned, which lets the store recognise a
   * recurring group of series by identity (see {@code SeriesStore.append}); the array is never modified.
   *
   * @throws FrameRejectedException (PROTOCOL_VIOLATION) for an id not defined on this connection
   */
  public SeriesRef[] resolve(WireBatch batch) {
    int n = batch.sampleCount();
    int[] ids = batch.seriesIds();
    if (lastRefs != null && Arrays.equals(ids, 0, n, lastIds, 0, lastIds.length)) {
      return lastRefs;
    }
    SeriesRef[] refs = new SeriesRef[n];
    for (int i = 0; i < n; i++) {
      SeriesRef ref = get(ids[i]);
      if (ref == null) {
        throw FrameRejectedException.protocolViolation("batch " + batch.sequence() + " uses series id "
            + Integer.toUnsignedString(ids[i]) + ", which is not defined on this connection");
      }
      refs[i] = ref;
    }
    lastIds = Arrays.copyOf(ids, n);
    lastRefs = refs;
    return refs;
  }

  private static String typeName(MetricType type) {
    return type == MetricType.UNRECOGNIZED ? "unspecified"
        : type.name().replace("METRIC_TYPE_", "").toLowerCase(Locale.ROOT);
  }

  int size() {
    return defined;
  }
}
