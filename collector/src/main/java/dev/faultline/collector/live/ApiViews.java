package dev.faultline.collector.live;

import dev.faultline.collector.incident.Incident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of openapi.json (Anomaly, Incident, IncidentDetail, Topology) as ordered maps with the
 * contract's snake_case names, shared by the query routes and the event stream.
 */
public final class ApiViews {

  /** Said in {@code rca} of an incident until root-cause analysis is wired in. */
  public static final String RCA_PENDING = "pending";

  private ApiViews() {}

  public static Map<String, Object> anomaly(Anomaly a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("series", a.series());
    m.put("service", a.service());
    m.put("instance", a.instance());
    m.put("host", a.host());
    m.put("metric", a.metric());
    m.put("start", time(a.startMillis()));
    m.put("end", a.endMillis() == null ? null : time(a.endMillis()));
    m.put("status", a.isOpen() ? "open" : "ended");
    m.put("score", round(a.score()));
    return m;
  }

  /** The Incident schema (list entries and events). */
  public static Map<String, Object> incident(Incident i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("status", i.status());
    m.put("title", i.title());
    m.put("opened_at", time(i.openedAtMillis()));
    m.put("updated_at", time(i.updatedAtMillis()));
    m.put("resolved_at", i.resolvedAtMillis() == null ? null : time(i.resolvedAtMillis()));
    m.put("services", i.services());
    m.put("hosts", i.hosts());
    m.put("open_anomalies", i.openAnomalies().size());
    m.put("root_cause", null);
    m.put("rca", RCA_PENDING);
    return m;
  }

  /** The IncidentDetail schema: the incident plus timeline, (empty) ranking and the window worth charting. */
  public static Map<String, Object> incidentDetail(Incident i) {
    Map<String, Object> m = incident(i);
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (Incident.TimelineEntry e : i.timeline()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("time", time(e.timeMillis()));
      t.put("service", e.service());
      t.put("series", e.series());
      t.put("metric", e.metric());
      t.put("score", round(e.score()));
      t.put("event", e.event());
      timeline.add(t);
    }
    m.put("series", i.series());
    m.put("timeline", timeline);
    m.put("ranking", List.of());
    long end = i.resolvedAtMillis() != null ? i.resolvedAtMillis() : Math.max(i.lastActivityMillis(), i.updatedAtMillis());
    m.put("window", Map.of("from", time(i.openedAtMillis() - 15 * 60_000L), "to", time(end + 10 * 60_000L)));
    return m;
  }

  static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0.0;
  }
}
