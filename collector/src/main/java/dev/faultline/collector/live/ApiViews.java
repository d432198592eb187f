package dev.faultline.collector.live;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.incident.RootCauseAnalysis;
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

  /** Said in {@code rca} of an incident until its first root-cause analysis has finished. */
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
    RootCauseAnalysis rca = i.rca();
    RootCauseAnalysis.Cause top = rca == null ? null : rca.top();
    m.put("root_cause", top == null ? null : rootCauseSummary(top));
    m.put("rca", rca == null ? RCA_PENDING : rca.status());
    return m;
  }

  private static Map<String, Object> rootCauseSummary(RootCauseAnalysis.Cause top) {
    Map<String, Object> rc = new LinkedHashMap<>();
    rc.put("service", top.service());
    rc.put("score", round(top.score()));
    rc.put("metric", top.metric());
    rc.put("path", top.path());
    return rc;
  }

  /** The RcaEvent schema: which incident was analysed, when, and its top cause. */
  public static Map<String, Object> rcaEvent(Incident i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("incident", i.id());
    RootCauseAnalysis rca = i.rca();
    m.put("rca", rca == null ? RCA_PENDING : rca.status());
    m.put("analyzed_at", rca == null ? null : time(rca.analyzedAtMillis()));
    m.put("runs", rca == null ? 0 : rca.runs());
    RootCauseAnalysis.Cause top = rca == null ? null : rca.top();
    m.put("root_cause", top == null ? null : rootCauseSummary(top));
    return m;
  }

  /**
   * The IncidentDetail schema: the incident plus timeline, ranked root causes (empty while pending), matching
   * fault trees and the window worth charting.
   */
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
    RootCauseAnalysis rca = i.rca();
    List<Map<String, Object>> ranking = new ArrayList<>();
    List<Map<String, Object>> trees = new ArrayList<>();
    if (rca != null) {
      rca.ranking().forEach(c -> ranking.add(cause(c)));
      rca.faultTrees().forEach(t -> trees.add(faultTree(t)));
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("analyzed_at", time(rca.analyzedAtMillis()));
      run.put("runs", rca.runs());
      run.put("incident_start", rca.incidentStartMillis() == null ? null : time(rca.incidentStartMillis()));
      run.put("note", rca.note());
      m.put("rca_run", run);
    }
    m.put("ranking", ranking);
    m.put("fault_trees", trees);
    long end = i.resolvedAtMillis() != null ? i.resolvedAtMillis() : Math.max(i.lastActivityMillis(), i.updatedAtMillis());
    m.put("window", Map.of("from", time(i.openedAtMillis() - 15 * 60_000L), "to", time(end + 10 * 60_000L)));
    return m;
  }

  private static Map<String, Object> cause(RootCauseAnalysis.Cause c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", c.service());
    m.put("score", round(c.score()));
    m.put("metric", c.metric());
    m.put("path", c.path());
    m.put("onset", c.onsetMillis() == null ? null : time(c.onsetMillis()));
    m.put("explanation", c.explanation());
    List<Map<String, Object>> evidence = new ArrayList<>();
    for (RootCauseAnalysis.EvidenceItem e : c.evidence()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("subject", e.subject());
      x.put("kind", e.kind());
      x.put("series", e.series());
      x.put("onset", e.onsetMillis() == null ? null : time(e.onsetMillis()));
      x.put("change_score", round(e.change()));
      x.put("score", round(e.score()));
      evidence.add(x);
    }
    m.put("evidence", evidence);
    return m;
  }

  private static Map<String, Object> faultTree(RootCauseAnalysis.FaultTreeMatch t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tree", t.tree());
    m.put("top_event_occurred", t.topEventOccurred());
    m.put("observed", new java.util.TreeMap<>(t.observed()));
    List<Map<String, Object>> sets = new ArrayList<>();
    for (RootCauseAnalysis.CutSet c : t.cutSets()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("events", c.events());
      x.put("prior_probability", c.priorProbability());
      x.put("posterior", c.posterior());
      x.put("complete", c.complete());
      sets.add(x);
    }
    m.put("minimal_cut_sets", sets);
    return m;
  }

  static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0.0;
  }

  /**
   * The Topology schema: {@code instancesByService} (services with their instances), the callees of {@code edges}
   * as further nodes, each node {@code anomalous} when its id is in {@code anomalous}, and the edges.
   */
  public static Map<String, Object> topology(Map<String, List<String>> instancesByService, List<EdgeTable.Edge> edges,
      java.util.Set<String> anomalous) {
    Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
    instancesByService.forEach((service, instances) -> {
      Map<String, Object> n = node(service, "service");
      n.put("instances", new ArrayList<>(instances));
      nodes.put(service, n);
    });
    List<Map<String, Object>> edgeViews = new ArrayList<>();
    for (EdgeTable.Edge e : edges) {
      nodes.computeIfAbsent(e.caller(), c -> node(c, "service"));
      nodes.computeIfAbsent(e.callee(), c -> node(c, e.calleeKind()));
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("caller", e.caller());
      v.put("callee", e.callee());
      if (!Double.isNaN(e.callsPerSecond())) {
        v.put("calls_per_second", round(e.callsPerSecond()));
      }
      v.put("error_ratio", round(e.errorRatio()));
      if (!Double.isNaN(e.latencyP99Seconds())) {
        v.put("latency_p99_seconds", Math.round(e.latencyP99Seconds() * 1e6) / 1e6); // microseconds
      }
      edgeViews.add(v);
    }
    for (Map<String, Object> n : nodes.values()) {
      n.put("state", anomalous.contains((String) n.get("id")) ? "anomalous" : "ok");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodes", new ArrayList<>(nodes.values()));
    body.put("edges", edgeViews);
    return body;
  }

  private static Map<String, Object> node(String id, String kind) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("id", id);
    n.put("kind", kind);
    n.put("state", "ok");
    return n;
  }
}
