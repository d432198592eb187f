package dev.faultline.collector.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bodies sent to targets, as maps for Jackson. Pure.
 *
 * <p>Generic JSON (webhook and exec):
 * <pre>
 * {"version": "1", "event": "open", "reason": "new incident: latency on checkout", "sent_at": "...",
 *  "incident_url": "http://127.0.0.1:9471/#/incident/inc-20261127-0001",
 *  "incident": {the Incident schema of openapi.json: id, status, title, services, root_cause, ...}}
 * </pre>
 *
 * <p>Alertmanager webhook, version 4 (what Alertmanager itself posts to a webhook receiver): one alert per
 * incident, {@code alertname="FaultlineIncident"}, labelled with the incident id; status {@code firing} until
 * resolved; {@code endsAt} is the resolve time, or the zero time while firing.
 */
public final class Payloads {

  /** The zero time Alertmanager puts in {@code endsAt} of a firing alert. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  static final String ALERT_NAME = "FaultlineIncident";

  private Payloads() {}

  /** The generic JSON body. */
  public static Map<String, Object> json(Notice n, String externalUrl, long nowMillis) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", "1");
    m.put("event", n.event().word());
    m.put("reason", n.reason());
    m.put("sent_at", Instant.ofEpochMilli(nowMillis).toString());
    m.put("incident_url", incidentUrl(externalUrl, n.incidentId()));
    m.put("incident", n.incident());
    return m;
  }

  /** The Alertmanager webhook body (version 4), sent as receiver {@code receiver}. */
  public static Map<String, Object> alertmanager(Notice n, String receiver, String externalUrl) {
    boolean resolved = n.event() == NotifyEvent.RESOLVE;
    String status = resolved ? "resolved" : "firing";
    Map<String, Object> incident = n.incident();

    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", ALERT_NAME);
    labels.put("incident", n.incidentId());
    labels.put("services", String.join(",", n.services()));
    Object cause = IncidentNotices.rootCauseService(incident);
    if (cause != null) {
      labels.put("root_cause", String.valueOf(cause));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", String.valueOf(incident.get("title")));
    annotations.put("description", n.reason());
    annotations.put("event", n.event().word());

    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("status", status);
    alert.put("labels", labels);
    alert.put("annotations", annotations);
    alert.put("startsAt", String.valueOf(incident.get("opened_at")));
    Object resolvedAt = incident.get("resolved_at");
    alert.put("endsAt", resolved && resolvedAt != null ? String.valueOf(resolvedAt) : ZERO_TIME);
    alert.put("generatorURL", incidentUrl(externalUrl, n.incidentId()));
    alert.put("fingerprint", fingerprint(n.incidentId()));

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", "4");
    m.put("groupKey", "{}:{incident=\"" + n.incidentId() + "\"}");
    m.put("truncatedAlerts", 0);
    m.put("status", status);
    m.put("receiver", receiver);
    m.put("groupLabels", Map.of("incident", n.incidentId()));
    m.put("commonLabels", labels);
    m.put("commonAnnotations", annotations);
    m.put("externalURL", externalUrl);
    m.put("alerts", List.of(alert));
    return m;
  }

  static String incidentUrl(String externalUrl, String incidentId) {
    return (externalUrl.endsWith("/") ? externalUrl : externalUrl + "/") + "#/incident/" + incidentId;
  }

  /** Stable per incident, 16 hex digits, as Alertmanager's label fingerprints look. */
  static String fingerprint(String incidentId) {
    return UUID.nameUUIDFromBytes(incidentId.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
        .substring(0, 16);
  }
}
