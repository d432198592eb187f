package dev.faultline.collector.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The recent anomalies, bounded: beyond {@code capacity} the oldest is forgotten (even if still open; closing a
 * forgotten anomaly is then a no-op). Thread-safe (synchronized): detection workers write, query threads read.
 */
public final class AnomalyLog {

  private final int capacity;
  private final Map<Long, Anomaly> byId = new LinkedHashMap<>();
  private long nextId = 1;

  public AnomalyLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records a new open anomaly and returns it with its id. */
  public synchronized Anomaly open(String series, String service, String instance, String host, String metric,
      long startMillis, double score) {
    Anomaly a = new Anomaly(nextId++, series, service, instance, host, metric, startMillis, null, score);
    byId.put(a.id(), a);
    if (byId.size() > capacity) {
      Long oldest = byId.keySet().iterator().next();
      byId.remove(oldest);
    }
    return a;
  }

  /**
   * Records {@code a} under its own id (a cluster node's view of anomalies numbered by the analyzers): an anomaly
   * already known is replaced in place, a new one is added as the newest.
   */
  public synchronized void put(Anomaly a) {
    byId.put(a.id(), a);
    if (byId.size() > capacity) {
      byId.remove(byId.keySet().iterator().next());
    }
  }

  /** Closes anomaly {@code id}; returns the closed anomaly, or null when it was forgotten or already closed. */
  public synchronized Anomaly close(long id, long endMillis, double peak) {
    Anomaly a = byId.get(id);
    if (a == null || !a.isOpen()) {
      return null;
    }
    Anomaly closed = a.closed(Math.max(endMillis, a.startMillis()), peak);
    byId.put(id, closed);
    return closed;
  }

  /** Anomalies matching {@code filter}, newest first. */
  public synchronized List<Anomaly> list(Predicate<Anomaly> filter) {
    List<Anomaly> result = new ArrayList<>();
    for (Anomaly a : byId.values()) {
      if (filter.test(a)) {
        result.add(a);
      }
    }
    java.util.Collections.reverse(result);
    return result;
  }
}
