package dev.faultline.collector.notify;

import static dev.faultline.collector.notify.Incidents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.live.ApiViews;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentNoticesTest {

  private final Incident first = Incidents.open("inc-1", List.of("checkout"), List.of("latency"));

  @Test
  void aNewIncidentIsAnOpenNotice() {
    Notice n = IncidentNotices.classify(null, null, first, ApiViews.incident(first), T0);
    assertEquals(NotifyEvent.OPEN, n.event());
    assertEquals("new incident: latency on checkout", n.reason());
    assertEquals("inc-1", n.incident().get("id"));
  }

  @Test
  void moreServicesOrKindsAreAnEscalation() {
    Incident wider = Incidents.open("inc-1", List.of("checkout", "payments"), List.of("latency", "errors"));
    Notice n = IncidentNotices.classify(first, ApiViews.incident(first), wider, ApiViews.incident(wider), T0);
    assertEquals(NotifyEvent.UPDATE, n.event());
    assertEquals("escalated: payments joined, errors appeared", n.reason());
  }

  @Test
  void anAnomalyEndingOrRepeatingIsNoNews() {
    Incident quieter = new Incident("inc-1", Incident.OPEN, first.title(), T0, T0 + 5000, null, first.services(),
        first.hosts(), first.series(), first.kinds(), List.of(), T0 + 5000, List.of());
    assertNull(IncidentNotices.classify(first, ApiViews.incident(first), quieter, ApiViews.incident(quieter), T0));
  }

  @Test
  void aNewTopRootCauseIsAnUpdate() {
    Notice n = IncidentNotices.classify(first, ApiViews.incident(first), first, Incidents.withRootCause(first, "db"),
        T0);
    assertEquals(NotifyEvent.UPDATE, n.event());
    assertEquals("new root cause: db", n.reason());
    assertNull(IncidentNotices.classify(first, Incidents.withRootCause(first, "db"), first,
        Incidents.withRootCause(first, "db"), T0), "the same root cause again is no news");
  }

  @Test
  void resolvingIsAResolveNoticeOnce() {
    Incident resolved = Incidents.resolved(first);
    assertEquals(NotifyEvent.RESOLVE,
        IncidentNotices.classify(first, ApiViews.incident(first), resolved, ApiViews.incident(resolved), T0).event());
    assertNull(IncidentNotices.classify(resolved, ApiViews.incident(resolved), resolved, ApiViews.incident(resolved),
        T0));
  }
}
