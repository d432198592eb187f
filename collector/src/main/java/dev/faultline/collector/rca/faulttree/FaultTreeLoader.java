package dev.faultline.collector.rca.faulttree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads fault trees from YAML:
 *
 * <pre>
 * fault_trees:
 *   - name: checkout-outage
 *     top: checkout_down
 *     gates:
 *       - {id: checkout_down, type: OR, inputs: [db_slow, overload]}
 *       - {id: overload, type: AND, inputs: [cpu_hog, traffic_burst]}
 *     basic_events:
 *       - id: db_slow
 *         probability: 0.02
 *         condition: {service: orders-db, metric: latency_p99_seconds, min_change: 3, direction: up}
 *       - {id: cpu_hog, probability: 0.05, condition: {service: checkout, metric: cpu_usage_ratio}}
 *       - {id: traffic_burst, probability: 0.1, condition: {service: "*", metric: request_rate}}
 * </pre>
 * {@code min_change} defaults to 3 spreads and {@code direction} to {@code up}. Errors name the tree and the field.
 */
public final class FaultTreeLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private FaultTreeLoader() {}

  public static List<FaultTree> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("fault tree file " + file + " does not exist");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(YAML.readTree(in), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  public static List<FaultTree> parse(String yaml) {
    try {
      return parse(YAML.readTree(yaml), "<yaml>");
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
    }
  }

  private static List<FaultTree> parse(JsonNode root, String source) {
    JsonNode list = root == null ? null : root.get("fault_trees");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(source + ": expected a top-level list 'fault_trees'");
    }
    List<FaultTree> out = new ArrayList<>();
    for (JsonNode t : list) {
      String name = required(t, "name", source).asText();
      Map<String, FaultTree.Gate> gates = new TreeMap<>();
      for (JsonNode g : t.path("gates")) {
        String id = required(g, "id", name).asText();
        FaultTree.GateType type;
        try {
          type = FaultTree.GateType.valueOf(required(g, "type", name + " gate " + id).asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("tree " + name + " gate " + id + ": type must be AND or OR");
        }
        List<String> inputs = new ArrayList<>();
        required(g, "inputs", name + " gate " + id).forEach(i -> inputs.add(i.asText()));
        gates.put(id, new FaultTree.Gate(id, type, inputs));
      }
      Map<String, FaultTree.BasicEvent> basics = new TreeMap<>();
      for (JsonNode b : t.path("basic_events")) {
        String id = required(b, "id", name).asText();
        double p = required(b, "probability", name + " basic event " + id).asDouble(Double.NaN);
        FaultTree.Condition c = null;
        JsonNode cn = b.get("condition");
        if (cn != null && !cn.isNull()) {
          c = new FaultTree.Condition(required(cn, "service", name + " " + id + " condition").asText(),
              required(cn, "metric", name + " " + id + " condition").asText(),
              cn.path("min_change").asDouble(3.0), cn.hasNonNull("direction") ? cn.get("direction").asText() : null);
        }
        basics.put(id, new FaultTree.BasicEvent(id, p, c, b.path("description").asText("")));
      }
      out.add(new FaultTree(name, required(t, "top", name).asText(), gates, basics));
    }
    return out;
  }

  private static JsonNode required(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(where + ": missing '" + field + "'");
    }
    return v;
  }
}
