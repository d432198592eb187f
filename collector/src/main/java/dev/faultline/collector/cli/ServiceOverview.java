package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One frame of {@code faultline top}: per service its request rate (summed over instances), error ratio (weighted
 * by each instance's rate), p99 latency (the worst instance), instances, open anomalies and anomaly state, built
 * from the topology, anomaly and series routes. Values last reported more than {@link #STALE_MILLIS} before the
 * frame are left out, so that a stopped instance does not show its last rate forever.
 */
final class ServiceOverview {

  static final long STALE_MILLIS = 5 * 60_000L;

  private static final ObjectMapper json = new ObjectMapper();

  private ServiceOverview() {}

  /** Fetches one frame: {@code {"at": ..., "services": [{"service", "state", "rate_per_second", ...}]}}. */
  static ObjectNode fetch(QueryClient http, long nowMillis) throws ClientException {
    JsonNode topology = http.get("/api/v1/topology", Map.of());
    JsonNode anomalies = http.get("/api/v1/anomalies", Map.of("status", "open"));
    Map<String, Row> rows = new TreeMap<>();
    for (JsonNode n : topology.path("nodes")) {
      if (n.path("kind").asText("service").equals("service")) {
        Row r = rows.computeIfAbsent(n.path("id").asText(), Row::new);
        r.state = n.path("state").asText("ok");
        r.instances = n.path("instances").size();
      }
    }
    for (JsonNode a : anomalies.path("anomalies")) {
      String service = a.path("service").asText("");
      if (!service.isEmpty()) {
        rows.computeIfAbsent(service, Row::new).openAnomalies++;
      }
    }
    Map<String, Map<String, Double>> rates = latest(http, "request_rate", nowMillis);
    Map<String, Map<String, Double>> errors = latest(http, "error_ratio", nowMillis);
    Map<String, Map<String, Double>> p99s = latest(http, "latency_p99_seconds", nowMillis);
    rates.forEach((service, byInstance) -> rows.computeIfAbsent(service, Row::new).rate =
        byInstance.values().stream().mapToDouble(Double::doubleValue).sum());
    errors.forEach((service, byInstance) -> rows.computeIfAbsent(service, Row::new).errorRatio =
        weighted(byInstance, rates.getOrDefault(service, Map.of())));
    p99s.forEach((service, byInstance) -> rows.computeIfAbsent(service, Row::new).p99Seconds =
        byInstance.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    ObjectNode frame = json.createObjectNode();
    frame.put("at", Instant.ofEpochMilli(nowMillis).toString());
    ArrayNode services = frame.putArray("services");
    rows.values().stream().sorted(Comparator.comparing((Row r) -> r.state.equals("ok")).thenComparing(r -> r.name))
        .forEach(r -> services.add(r.toJson()));
    return frame;
  }

  /**
   * Service-level (no {@code endpoint} label) last values of {@code metric} reported within {@link #STALE_MILLIS}:
   * service to instance to value.
   */
  private static Map<String, Map<String, Double>> latest(QueryClient http, String metric, long nowMillis)
      throws ClientException {
    Map<String, Map<String, Double>> result = new LinkedHashMap<>();
    for (JsonNode s : http.get("/api/v1/series", Map.of("metric", metric)).path("series")) {
      if (s.path("labels").has("endpoint") || !s.path("last_value").isNumber() || s.path("service").asText().isEmpty()) {
        continue;
      }
      long at = Instant.parse(s.path("last_time").asText()).toEpochMilli();
      if (nowMillis - at <= STALE_MILLIS) {
        result.computeIfAbsent(s.path("service").asText(), k -> new LinkedHashMap<>())
            .put(s.path("instance").asText(), s.path("last_value").asDouble());
      }
    }
    return result;
  }

  /** Mean of {@code values} weighted by the instances' rates; the plain mean when no rate is known. */
  private static double weighted(Map<String, Double> values, Map<String, Double> rates) {
    double sum = 0;
    double weights = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double w = rates.getOrDefault(e.getKey(), 0.0);
      sum += w * e.getValue();
      weights += w;
    }
    if (weights > 0) {
      return sum / weights;
    }
    return values.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** The text columns of a frame, in the order {@link #HEADERS}. */
  static final List<String> HEADERS = List.of("SERVICE", "STATE", "REQ/S", "ERRORS", "P99", "INSTANCES", "ANOMALIES");

  static TextTable table(JsonNode frame) {
    TextTable table = new TextTable(HEADERS.toArray(String[]::new));
    for (JsonNode s : frame.path("services")) {
      table.row(s.path("service").asText(), s.path("state").asText().replace('_', ' '),
          Numbers.compact(s.path("rate_per_second").asDouble(Double.NaN)), Numbers.percent(s.get("error_ratio")),
          Numbers.seconds(s.get("latency_p99_seconds")), s.path("instances").asInt(),
          s.path("open_anomalies").asInt());
    }
    return table;
  }

  private static final class Row {
    final String name;
    String state = "ok";
    int instances;
    int openAnomalies;
    double rate = Double.NaN;
    double errorRatio = Double.NaN;
    double p99Seconds = Double.NaN;

    Row(String name) {
      this.name = name;
    }

    ObjectNode toJson() {
      ObjectNode o = json.createObjectNode();
      o.put("service", name);
      o.put("state", state);
      putFinite(o, "rate_per_second", rate);
      putFinite(o, "error_ratio", errorRatio);
      putFinite(o, "latency_p99_seconds", p99Seconds);
      o.put("instances", instances);
      o.put("open_anomalies", openAnomalies);
      return o;
    }

    private static void putFinite(ObjectNode o, String name, double v) {
      if (Double.isFinite(v)) {
        o.put(name, v);
      } else {
        o.putNull(name);
      }
    }
  }
}
