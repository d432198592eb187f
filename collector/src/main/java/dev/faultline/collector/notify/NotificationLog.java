package dev.faultline.collector.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest deliveries and what became of them, newest first, for {@code GET /api/v1/notifications}. Bounded
 * ({@code notifications.log-size}); an entry is updated in place as its delivery progresses. Thread-safe.
 */
final class NotificationLog {

  /** Where a delivery stands. */
  enum Status { PENDING, RETRYING, DELIVERED, GAVE_UP, DUPLICATE, DROPPED }

  private final LinkedHashMap<String, Map<String, Object>> entries;
  private long duplicates;

  NotificationLog(int size) {
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
        return size() > size;
      }
    };
  }

  /** Records or updates the entry of {@code d}. */
  synchronized void record(Delivery d, Status status, long nowMillis) {
    String key = d.seq() + "/" + d.target();
    Map<String, Object> e = entries.computeIfAbsent(key, k -> new LinkedHashMap<>());
    e.put("id", d.seq() > 0 ? d.seq() : null);
    e.put("target", d.target());
    e.put("incident", d.notice().incidentId());
    e.put("event", d.notice().event().word());
    e.put("reason", d.notice().reason());
    e.put("created_at", Instant.ofEpochMilli(d.notice().createdAtMillis()).toString());
    e.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    e.put("attempts", status == Status.DELIVERED ? d.attempts() + 1 : d.attempts());
    e.put("updated_at", Instant.ofEpochMilli(nowMillis).toString());
    e.put("next_attempt_at", status == Status.RETRYING || status == Status.PENDING
        ? Instant.ofEpochMilli(d.nextAttemptMillis()).toString() : null);
    e.put("last_error", d.lastError());
  }

  /** A notice not sent to {@code target} because it repeats the previous one. */
  synchronized void duplicate(String target, Notice n, long nowMillis) {
    record(new Delivery(-(++duplicates), target, n, 0, nowMillis, null), Status.DUPLICATE, nowMillis);
  }

  /** Newest first; at most {@code limit}, of {@code incident} if not null. */
  synchronized List<Map<String, Object>> list(String incident, int limit) {
    List<Map<String, Object>> all = new ArrayList<>(entries.values());
    List<Map<String, Object>> result = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && result.size() < limit; i--) {
      if (incident == null || incident.equals(all.get(i).get("incident"))) {
        result.add(new LinkedHashMap<>(all.get(i)));
      }
    }
    return result;
  }
}
