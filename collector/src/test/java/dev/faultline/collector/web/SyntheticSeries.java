package dev.faultline.collector.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deterministic fake series for the dashboard fixtures: a wavy baseline that jumps during anomalies. */
final class SyntheticSeries {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[][] INSTANCES = {
      {"frontend", "frontend-1", "node-1"}, {"checkout", "checkout-1", "node-2"}, {"payments", "payments-1", "node-3"}};
  private static final String[] METRICS = {
      "latency_p99_seconds", "error_ratio", "requests_per_second", "jvm_heap_used_bytes", "jvm_gc_pause_seconds"};

  private SyntheticSeries() {}

  /** Like the collector's {@code /api/v1/series}, filtered by service or host. */
  static JsonNode list(String service, String host) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode series = body.putArray("series");
    for (String[] i : INSTANCES) {
      if ((service != null && !service.equals(i[0])) || (host != null && !host.equals(i[2]))) continue;
      for (String metric : METRICS) {
        add(series, metric, i, null);
      }
      if (i[0].equals("checkout")) add(series, "call_latency_p99_seconds", i, "payments");
      if (i[0].equals("frontend")) add(series, "call_latency_p99_seconds", i, "checkout");
    }
    return body;
  }

  private static void add(ArrayNode list, String metric, String[] instance, String peer) {
    String id = metric + "{service=\"" + instance[0] + "\",instance=\"" + instance[1] + "\",host=\"" + instance[2] + "\""
        + (peer == null ? "" : ",peer=\"" + peer + "\"") + "}";
    ObjectNode s = list.addObject().put("id", id).put("metric", metric);
    ObjectNode labels = s.putObject("labels");
    if (peer != null) labels.put("peer", peer);
    s.put("service", instance[0]).put("instance", instance[1]).put("host", instance[2]).put("type", "gauge")
        .put("unit", metric.endsWith("_seconds") ? "seconds" : metric.endsWith("_bytes") ? "bytes" : "")
        .put("points", 240);
  }

  /** [start, end) epoch-millis periods of the fixture anomalies on {@code id}; end is Long.MAX_VALUE if open. */
  static List<long[]> anomalyPeriods(JsonNode anomalies, String id) {
    List<long[]> periods = new ArrayList<>();
    for (JsonNode a : anomalies.path("anomalies")) {
      if (a.path("series").asText().equals(id)) {
        long end = a.path("end").isNull() ? Long.MAX_VALUE : Instant.parse(a.path("end").asText()).toEpochMilli();
        periods.add(new long[] {Instant.parse(a.path("start").asText()).toEpochMilli(), end});
      }
    }
    return periods;
  }

  static double value(String id, long t, List<long[]> anomalies) {
    double base = id.startsWith("latency") || id.startsWith("call_latency") ? 0.18
        : id.startsWith("error_ratio") ? 0.002 : id.startsWith("jvm_heap") ? 2.1e8
        : id.startsWith("jvm_gc") ? 0.012 : 40;
    int h = id.hashCode();
    double wave = 1 + 0.08 * Math.sin(t / 97_000.0 + h) + 0.06 * Math.sin(t / 13_000.0 + 3.0 * h);
    for (long[] p : anomalies) {
      if (t >= p[0] && t < p[1]) {
        return base * wave * (id.startsWith("error_ratio") ? 35 : 12);
      }
    }
    return base * wave;
  }
}
