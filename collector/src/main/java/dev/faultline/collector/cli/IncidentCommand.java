package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline incident ID}: one incident with its timeline, its ranked root causes (with onset and
 * propagation path each, and the evidence of the best), the propagation path of the best as a text tree, and the
 * fault trees it matched.
 */
@Command(name = "incident", mixinStandardHelpOptions = true,
    description = {"Show one incident: timeline, ranked root causes and the propagation path.",
        "Root causes are ranked by the collector when the incident opens and again as it grows; --json prints"
            + " the API answer (GET /api/v1/incidents/ID)."})
final class IncidentCommand extends ClientCommand {

  @Parameters(paramLabel = "ID", description = "Incident id, e.g. inc-20261127-0001.")
  String id;

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    return http.get("/api/v1/incidents/" + URLEncoder.encode(id, StandardCharsets.UTF_8), Map.of());
  }

  @Override
  void print(JsonNode i, PrintWriter out) {
    out.println(i.path("id").asText() + "  " + i.path("status").asText() + "  " + i.path("title").asText());
    out.println("opened " + i.path("opened_at").asText() + ", updated " + i.path("updated_at").asText()
        + (i.path("resolved_at").isTextual() ? ", resolved " + i.path("resolved_at").asText() : ""));
    out.println();
    out.println("Timeline");
    TextTable timeline = new TextTable("TIME", "EVENT", "SCORE", "SERIES");
    for (JsonNode e : i.path("timeline")) {
      timeline.row(e.path("time").asText(), e.path("event").asText().replace("anomaly_", ""),
          Numbers.format(e.path("score")), e.path("series").asText());
    }
    timeline.print(out);
    out.println();
    JsonNode ranking = i.path("ranking");
    if (ranking.size() == 0) {
      out.println("Root causes: " + noRanking(i));
    } else {
      printRanking(i, ranking, out);
    }
    printFaultTrees(i.path("fault_trees"), out);
    out.flush();
  }

  private static String noRanking(JsonNode i) {
    String note = i.path("rca_run").path("note").asText("");
    return switch (i.path("rca").asText()) {
      case "pending" -> "analysis pending";
      case "no_data" -> "none ranked (" + (note.isEmpty() ? "too little history" : note) + ")";
      case "failed" -> "analysis failed (" + note + ")";
      default -> "none ranked" + (note.isEmpty() ? "" : " (" + note + ")");
    };
  }

  private static void printRanking(JsonNode i, JsonNode ranking, PrintWriter out) {
    JsonNode run = i.path("rca_run");
    out.println("Root causes" + (run.isObject() ? " (analysed " + run.path("analyzed_at").asText() + ", run "
        + run.path("runs").asInt() + (run.path("incident_start").isTextual()
        ? ", fault start " + run.path("incident_start").asText() : "") + ")" : ""));
    TextTable causes = new TextTable("#", "SERVICE", "SCORE", "METRIC", "ONSET", "PATH");
    int rank = 1;
    for (JsonNode r : ranking) {
      causes.row(rank++, r.path("service").asText(), Numbers.format(r.path("score")), r.path("metric").asText(""),
          r.path("onset").asText(""), String.join(" -> ", texts(r.path("path"))));
    }
    causes.print(out);
    JsonNode top = ranking.get(0);
    out.println();
    out.println("Why " + top.path("service").asText() + ": " + top.path("explanation").asText(""));
    TextTable evidence = new TextTable("EVIDENCE", "KIND", "CHANGE", "ONSET", "SERIES");
    for (JsonNode e : top.path("evidence")) {
      evidence.row(e.path("subject").asText(), e.path("kind").asText(""), Numbers.format(e.path("change_score")),
          e.path("onset").asText(""), e.path("series").asText(""));
    }
    if (top.path("evidence").size() > 0) {
      evidence.print(out);
    }
    List<String> path = texts(top.path("path"));
    if (!path.isEmpty()) {
      out.println();
      out.println("Propagation (root cause first; each line is a caller hurt by the one above)");
      printTree(path, out);
    }
  }

  private static void printFaultTrees(JsonNode trees, PrintWriter out) {
    if (trees.size() == 0) {
      return;
    }
    out.println();
    out.println("Fault trees matched");
    for (JsonNode t : trees) {
      out.println(t.path("tree").asText() + (t.path("top_event_occurred").asBoolean() ? "  (top event occurred)" : ""));
      TextTable sets = new TextTable("  CUT SET", "POSTERIOR", "PRIOR", "COMPLETE");
      for (JsonNode c : t.path("minimal_cut_sets")) {
        sets.row("  " + String.join(" AND ", texts(c.path("events"))), Numbers.format(c.path("posterior")),
            Numbers.format(c.path("prior_probability")), c.path("complete").asBoolean() ? "yes" : "no");
      }
      sets.print(out);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(p -> out.add(p.asText()));
    return out;
  }

  /** {@code [payments, checkout, frontend]} as a tree: the root cause first, each victim indented below. */
  static void printTree(List<String> path, PrintWriter out) {
    out.println(path.get(0));
    for (int k = 1; k < path.size(); k++) {
      out.println("   ".repeat(k - 1) + "└─ " + path.get(k));
    }
  }
}
