package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws a Topology answer as text trees, one per entry node (a node nobody calls), callees sorted by name:
 *
 * <pre>
 * frontend  [ok]
 * ├─ catalog  [ok]  12.5/s  0.0% err  p99 4ms
 * └─ checkout  [anomalous]  8/s  1.2% err  p99 120ms
 *    └─ payments  [root cause]  8/s  30.0% err  p99 310ms
 * </pre>
 *
 * A node reached again on the same path (a cycle) is printed once more with {@code (cycle)} and not expanded; nodes
 * only on cycles (no entry) get their own tree so that every node is shown.
 */
final class CallGraphTree {

  private final Map<String, JsonNode> nodes = new LinkedHashMap<>();
  private final Map<String, List<JsonNode>> callees = new TreeMap<>();

  CallGraphTree(JsonNode topology) {
    topology.path("nodes").forEach(n -> nodes.put(n.path("id").asText(), n));
    for (JsonNode e : topology.path("edges")) {
      callees.computeIfAbsent(e.path("caller").asText(), k -> new ArrayList<>()).add(e);
    }
    callees.values().forEach(l -> l.sort((a, b) -> a.path("callee").asText().compareTo(b.path("callee").asText())));
  }

  /** Node id to kind (service, database, external). */
  static Map<String, String> kinds(JsonNode topology) {
    Map<String, String> kinds = new LinkedHashMap<>();
    topology.path("nodes").forEach(n -> kinds.put(n.path("id").asText(), n.path("kind").asText("service")));
    return kinds;
  }

  void print(PrintWriter out) {
    Set<String> called = new HashSet<>();
    callees.values().forEach(l -> l.forEach(e -> called.add(e.path("callee").asText())));
    Set<String> printed = new HashSet<>();
    List<String> roots = new ArrayList<>(nodes.keySet().stream().filter(n -> !called.contains(n)).sorted().toList());
    for (String root : roots) {
      out.println(root + "  " + state(root));
      children(root, "", new HashSet<>(Set.of(root)), printed, out);
      printed.add(root);
    }
    for (String n : nodes.keySet().stream().sorted().toList()) {
      if (!printed.contains(n)) { // only reachable through a cycle
        out.println(n + "  " + state(n));
        children(n, "", new HashSet<>(Set.of(n)), printed, out);
        printed.add(n);
      }
    }
    out.flush();
  }

  private void children(String node, String indent, Set<String> path, Set<String> printed, PrintWriter out) {
    List<JsonNode> edges = callees.getOrDefault(node, List.of());
    for (int i = 0; i < edges.size(); i++) {
      JsonNode e = edges.get(i);
      boolean last = i == edges.size() - 1;
      String callee = e.path("callee").asText();
      boolean cycle = path.contains(callee);
      out.println(indent + (last ? "└─ " : "├─ ") + callee + "  " + state(callee) + "  " + edgeFigures(e)
          + (cycle ? "  (cycle)" : ""));
      printed.add(callee);
      if (!cycle) {
        path.add(callee);
        children(callee, indent + (last ? "   " : "│  "), path, printed, out);
        path.remove(callee);
      }
    }
  }

  private String state(String node) {
    JsonNode n = nodes.get(node);
    String state = n == null ? "unknown" : n.path("state").asText("ok");
    return "[" + state.replace('_', ' ') + "]";
  }

  private static String edgeFigures(JsonNode e) {
    StringBuilder s = new StringBuilder();
    s.append(Numbers.format(e.get("calls_per_second"))).append("/s  ");
    s.append(Numbers.percent(e.get("error_ratio"))).append(" err");
    if (e.hasNonNull("latency_p99_seconds")) {
      s.append("  p99 ").append(Numbers.seconds(e.get("latency_p99_seconds")));
    }
    return s.toString();
  }
}
