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
 * {@code faultline incident ID}: one incident with its timeline, its ranked root causes when RCA has ranked them,
 * and the propagation path of the top cause as a text tree.
 */
@Command(name = "incident", mixinStandardHelpOptions = true,
    description = "Show one incident: timeline, ranked root causes and the propagation path.")
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
      out.println("Root causes: " + ("pending".equals(i.path("rca").asText()) ? "analysis pending" : "none ranked"));
    } else {
      out.println("Root causes");
      TextTable causes = new TextTable("#", "SERVICE", "SCORE", "METRIC", "EXPLANATION");
      int rank = 1;
      for (JsonNode r : ranking) {
        causes.row(rank++, r.path("service").asText(), Numbers.format(r.path("score")), r.path("metric").asText(""),
            r.path("explanation").asText(""));
      }
      causes.print(out);
      List<String> path = new ArrayList<>();
      ranking.get(0).path("path").forEach(p -> path.add(p.asText()));
      if (!path.isEmpty()) {
        out.println();
        out.println("Propagation");
        printTree(path, out);
      }
    }
    out.flush();
  }

  /** {@code [payments, checkout, frontend]} as a tree: the root cause first, each victim indented below. */
  static void printTree(List<String> path, PrintWriter out) {
    out.println(path.get(0));
    for (int k = 1; k < path.size(); k++) {
      out.println("   ".repeat(k - 1) + "└─ " + path.get(k));
    }
  }
}
