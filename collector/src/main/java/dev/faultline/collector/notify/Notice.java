package dev.faultline.collector.notify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One notification about one incident, as sent to every target.
 *
 * @param incidentId the incident's id
 * @param event open, update or resolve
 * @param reason why, in words: {@code new incident}, {@code escalated: payments joined}, {@code new root cause:
 *     db}, {@code resolved}
 * @param incident the incident as {@code GET /api/v1/incidents} shows it (the Incident schema of openapi.json,
 *     {@code root_cause} included once root-cause analysis has ranked it)
 * @param createdAtMillis when the change was seen (wall clock)
 */
public record Notice(String incidentId, NotifyEvent event, String reason, Map<String, Object> incident,
    long createdAtMillis) {

  public Notice {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(incident, "incident");
  }

  /**
   * What makes two notices the same news for de-duplication: the event, the status, the services, the kinds of
   * symptom and the root cause. Times and anomaly counts are left out.
   */
  public String fingerprint() {
    return String.join("|", incidentId, event.word(), String.valueOf(incident.get("status")),
        String.valueOf(incident.get("services")), String.valueOf(incident.get("title")),
        String.valueOf(incident.get("root_cause")));
  }

  /** The services of the incident (empty if the view has none). */
  @SuppressWarnings("unchecked")
  public List<String> services() {
    Object s = incident.get("services");
    return s instanceof List<?> l ? (List<String>) l : List.of();
  }
}
