package dev.faultline.collector.incident;

import java.util.List;

/**
 * One incident as the grouper last left it. Immutable: every change produces a new instance with the same id.
 * Times are epoch milliseconds of the data (the detectors' timestamps), except {@code resolvedAtMillis}, which is
 * the time of the {@link IncidentGrouper#tick} that resolved it.
 *
 * @param id {@code inc-YYYYMMDD-NNNN}, from the opening anomaly's date and a sequence number
 * @param status {@link #OPEN} or {@link #RESOLVED}
 * @param title for example {@code latency and errors on frontend, checkout}
 * @param resolvedAtMillis null while open
 * @param services services involved, in order of their first anomaly
 * @param hosts hosts involved, in order of their first anomaly
 * @param series series keys involved
 * @param kinds what went wrong, in order of appearance: latency, errors, memory, saturation, traffic, anomalies
 * @param openAnomalies ids of the anomalies of this incident that have not ended
 * @param lastActivityMillis the latest anomaly start or end
 * @param timeline anomaly starts and ends in arrival order, at most {@link IncidentGrouper#MAX_TIMELINE} entries
 * @param rca the latest root-cause analysis, or null before the first one (the grouper never sets it: the
 *     {@link IncidentStore} keeps it across the grouper's changes)
 */
public record Incident(String id, String status, String title, long openedAtMillis, long updatedAtMillis,
    Long resolvedAtMillis, List<String> services, List<String> hosts, List<String> series, List<String> kinds,
    List<Long> openAnomalies, long lastActivityMillis, List<TimelineEntry> timeline, RootCauseAnalysis rca) {

  public static final String OPEN = "open";
  public static final String RESOLVED = "resolved";

  /** An incident without root-cause analysis (what the grouper produces). */
  public Incident(String id, String status, String title, long openedAtMillis, long updatedAtMillis,
      Long resolvedAtMillis, List<String> services, List<String> hosts, List<String> series, List<String> kinds,
      List<Long> openAnomalies, long lastActivityMillis, List<TimelineEntry> timeline) {
    this(id, status, title, openedAtMillis, updatedAtMillis, resolvedAtMillis, services, hosts, series, kinds,
        openAnomalies, lastActivityMillis, timeline, null);
  }

  /** The same incident with another root-cause analysis. */
  public Incident withRca(RootCauseAnalysis analysis) {
    return new Incident(id, status, title, openedAtMillis, updatedAtMillis, resolvedAtMillis, services, hosts, series,
        kinds, openAnomalies, lastActivityMillis, timeline, analysis);
  }

  public boolean isOpen() {
    return OPEN.equals(status);
  }

  /**
   * One anomaly start or end.
   *
   * @param event {@code anomaly_start} or {@code anomaly_end}
   */
  public record TimelineEntry(long timeMillis, String service, String series, String metric, double score,
      String event) {}
}
