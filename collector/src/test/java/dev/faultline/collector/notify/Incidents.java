package dev.faultline.collector.notify;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.live.ApiViews;
import java.util.List;
import java.util.Map;

/** Incidents and notices for tests. */
final class Incidents {

  static final long T0 = 1_800_000_000_000L;

  private Incidents() {}

  static Incident open(String id, List<String> services, List<String> kinds) {
    return new Incident(id, Incident.OPEN, String.join(" and ", kinds) + " on " + String.join(", ", services), T0,
        T0 + 1000, null, services, List.of("web-1"), List.of(), kinds, List.of(1L), T0 + 1000, List.of());
  }

  static Incident resolved(Incident i) {
    return new Incident(i.id(), Incident.RESOLVED, i.title(), i.openedAtMillis(), T0 + 600_000, T0 + 600_000,
        i.services(), i.hosts(), i.series(), i.kinds(), List.of(), i.lastActivityMillis(), i.timeline());
  }

  static Notice notice(String id, NotifyEvent event) {
    Incident i = open(id, List.of("checkout"), List.of("latency"));
    Incident state = event == NotifyEvent.RESOLVE ? resolved(i) : i;
    return new Notice(id, event, event.word(), ApiViews.incident(state), T0);
  }

  static Map<String, Object> withRootCause(Incident i, String service) {
    Map<String, Object> v = ApiViews.incident(i);
    v.put("root_cause", Map.of("service", service, "score", 0.9));
    return v;
  }
}
