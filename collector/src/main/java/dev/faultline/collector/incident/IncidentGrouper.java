package dev.faultline.collector.incident;

import dev.faultline.collector.detect.MetricKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups anomalies into incidents. An anomaly start joins an unresolved incident when it is related (same service,
 * same host, or a service that is a call-graph neighbour of one of the incident's services, see {@link
 * EntityRelation}) and close in time: it starts within {@code window} of the incident's last activity, or while
 * one of the incident's anomalies is still open, or on a series already in the incident (a flapping series stays
 * in its incident). Otherwise it opens a new incident. An incident resolves at the first {@link #tick} at least
 * {@code quietPeriod} after its last anomaly ended, when none is open.
 *
 * <pre>{@code
 * IncidentGrouper g = new IncidentGrouper(Duration.ofMinutes(2), Duration.ofMinutes(5), EntityRelation.NONE, 1);
 * Incident changed = g.onAnomaly(new AnomalyEvent(1, series, "checkout", "web-1", "latency_p99", t0, 0.9, false));
 * List<Incident> resolved = g.tick(nowMillis);
 * }</pre>
 *
 * <p>Pure and deterministic: no clock, no randomness; the same calls give the same incidents and ids. Not
 * thread-safe; callers serialise access. State is bounded by the open incidents (resolved ones are forgotten
 * here; the caller keeps them).
 */
public final class IncidentGrouper {

  /** Timeline entries kept per incident; later ones are counted in the state but not listed. */
  public static final int MAX_TIMELINE = 500;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private final long windowMillis;
  private final long quietMillis;
  private final EntityRelation relation;
  private final Map<String, Incident> open = new LinkedHashMap<>();
  private long nextSequence;

  /**
   * @param window how far apart anomaly starts may be to group them
   * @param quietPeriod how long after the last anomaly ended an incident resolves
   * @param relation which services are neighbours
   * @param firstSequence the sequence number of the next incident id (1 for a fresh store)
   */
  public IncidentGrouper(Duration window, Duration quietPeriod, EntityRelation relation, long firstSequence) {
    this.windowMillis = positive(window, "window");
    this.quietMillis = positive(quietPeriod, "quietPeriod");
    this.relation = Objects.requireNonNull(relation, "relation");
    if (firstSequence < 1) {
      throw new IllegalArgumentException("firstSequence must be >= 1, was " + firstSequence);
    }
    this.nextSequence = firstSequence;
  }

  private static long positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d.toMillis();
  }

  /**
   * Takes back an unresolved incident after a restart. It counts as having no anomaly open; the live collector's
   * detector warm-up then re-reports the anomalies still open (same series, so they join it), and otherwise it
   * resolves after the quiet period unless new anomalies join it.
   */
  public void restore(Incident incident) {
    if (incident.isOpen()) {
      open.put(incident.id(), copy(incident, incident.title(), incident.updatedAtMillis(), List.of()));
    }
  }

  /** Feeds an anomaly start or end; returns the incident it opened or changed, or null (an end of no incident). */
  public Incident onAnomaly(AnomalyEvent e) {
    return e.end() ? end(e) : start(e);
  }

  /** Resolves quiet incidents; returns them (resolved), oldest first. */
  public List<Incident> tick(long nowMillis) {
    List<Incident> resolved = new ArrayList<>();
    for (Incident i : List.copyOf(open.values())) {
      if (i.openAnomalies().isEmpty() && nowMillis - i.lastActivityMillis() >= quietMillis) {
        open.remove(i.id());
        resolved.add(new Incident(i.id(), Incident.RESOLVED, i.title(), i.openedAtMillis(), nowMillis, nowMillis,
            i.services(), i.hosts(), i.series(), i.kinds(), List.of(), i.lastActivityMillis(), i.timeline()));
      }
    }
    return resolved;
  }

  /** Unresolved incidents, in order of opening. */
  public Collection<Incident> open() {
    return List.copyOf(open.values());
  }

  /** The sequence number the next new incident gets. */
  public long nextSequence() {
    return nextSequence;
  }

  private Incident start(AnomalyEvent e) {
    Incident target = null;
    for (Incident i : open.values()) {
      if (joins(i, e) && (target == null || i.lastActivityMillis() >= target.lastActivityMillis())) {
        target = i;
      }
    }
    Incident changed = target == null ? create(e) : add(target, e);
    open.put(changed.id(), changed);
    return changed;
  }

  private boolean joins(Incident i, AnomalyEvent e) {
    boolean close = !i.openAnomalies().isEmpty() || i.series().contains(e.series())
        || e.timeMillis() - i.lastActivityMillis() <= windowMillis;
    return close && related(i, e);
  }

  private boolean related(Incident i, AnomalyEvent e) {
    if (!e.service().isEmpty() && i.services().contains(e.service())) {
      return true;
    }
    if (!e.host().isEmpty() && i.hosts().contains(e.host())) {
      return true;
    }
    if (!e.service().isEmpty()) {
      for (String s : i.services()) {
        if (relation.neighbours(s, e.service())) {
          return true;
        }
      }
    }
    return false;
  }

  private Incident create(AnomalyEvent e) {
    String id = "inc-" + DAY.format(Instant.ofEpochMilli(e.timeMillis())) + "-" + String.format("%04d", nextSequence++);
    Incident empty = new Incident(id, Incident.OPEN, "", e.timeMillis(), e.timeMillis(), null, List.of(), List.of(),
        List.of(), List.of(), List.of(), e.timeMillis(), List.of());
    return add(empty, e);
  }

  private Incident add(Incident i, AnomalyEvent e) {
    List<String> services = with(i.services(), e.service());
    List<String> hosts = with(i.hosts(), e.host());
    List<String> kinds = with(i.kinds(), kindWord(e.metric()));
    List<Long> openIds = new ArrayList<>(i.openAnomalies());
    openIds.add(e.anomalyId());
    long last = Math.max(i.lastActivityMillis(), e.timeMillis());
    return new Incident(i.id(), Incident.OPEN, title(kinds, services, hosts), i.openedAtMillis(),
        Math.max(i.updatedAtMillis(), e.timeMillis()), null, services, hosts, with(i.series(), e.series()), kinds,
        List.copyOf(openIds), last, timeline(i, e, "anomaly_start"));
  }

  private Incident end(AnomalyEvent e) {
    for (Incident i : open.values()) {
      if (i.openAnomalies().contains(e.anomalyId())) {
        List<Long> openIds = new ArrayList<>(i.openAnomalies());
        openIds.remove(Long.valueOf(e.anomalyId()));
        long last = Math.max(i.lastActivityMillis(), e.timeMillis());
        Incident changed = new Incident(i.id(), Incident.OPEN, i.title(), i.openedAtMillis(),
            Math.max(i.updatedAtMillis(), e.timeMillis()), null, i.services(), i.hosts(), i.series(), i.kinds(),
            List.copyOf(openIds), last, timeline(i, e, "anomaly_end"));
        open.put(changed.id(), changed);
        return changed;
      }
    }
    return null;
  }

  private static List<Incident.TimelineEntry> timeline(Incident i, AnomalyEvent e, String event) {
    if (i.timeline().size() >= MAX_TIMELINE) {
      return i.timeline();
    }
    List<Incident.TimelineEntry> t = new ArrayList<>(i.timeline());
    t.add(new Incident.TimelineEntry(e.timeMillis(), e.service(), e.series(), e.metric(), e.score(), event));
    return List.copyOf(t);
  }

  private static Incident copy(Incident i, String title, long updated, List<Long> openIds) {
    return new Incident(i.id(), i.status(), title, i.openedAtMillis(), updated, i.resolvedAtMillis(), i.services(),
        i.hosts(), i.series(), i.kinds(), openIds, i.lastActivityMillis(), i.timeline());
  }

  private static List<String> with(List<String> list, String value) {
    if (value.isEmpty() || list.contains(value)) {
      return list;
    }
    List<String> copy = new ArrayList<>(list);
    copy.add(value);
    return List.copyOf(copy);
  }

  /** {@code latency and errors on frontend, checkout}; hosts are named only when no service is involved. */
  static String title(List<String> kinds, List<String> services, List<String> hosts) {
    String what = kinds.size() <= 1 ? String.join("", kinds)
        : String.join(", ", kinds.subList(0, kinds.size() - 1)) + " and " + kinds.get(kinds.size() - 1);
    List<String> where = services.isEmpty() ? hosts.stream().map(h -> "host " + h).toList() : services;
    String on = where.size() <= 3 ? String.join(", ", where)
        : String.join(", ", where.subList(0, 3)) + " and " + (where.size() - 3) + " more";
    return what + " on " + on;
  }

  static String kindWord(String metric) {
    return switch (MetricKind.infer(metric)) {
      case LATENCY -> "latency";
      case ERROR_RATIO -> "errors";
      case MEMORY -> "memory";
      case UTILISATION -> "saturation";
      case RATE -> "traffic";
      case OTHER -> "anomalies";
    };
  }
}
