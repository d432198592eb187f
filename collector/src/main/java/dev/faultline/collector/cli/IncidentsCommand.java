package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faultline incidents}: incidents, newest first. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
    description = {"List incidents, newest first.", "Show one with `faultline incident ID`."})
final class IncidentsCommand extends ClientCommand {

  @Option(names = "--status", paramLabel = "S", defaultValue = "open",
      description = "open, resolved or all (default: ${DEFAULT-VALUE}).")
  String status;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("status", status);
    params.put("limit", String.valueOf(limit));
    return http.get("/api/v1/incidents", params);
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    TextTable table = new TextTable("ID", "STATUS", "OPENED", "RESOLVED", "ROOT CAUSE", "SERVICES", "TITLE");
    for (JsonNode i : body.path("incidents")) {
      List<String> services = new ArrayList<>();
      i.path("services").forEach(s -> services.add(s.asText()));
      table.row(i.path("id").asText(), i.path("status").asText(), i.path("opened_at").asText(),
          i.path("resolved_at").asText("-"), rootCause(i), String.join(",", services), i.path("title").asText());
    }
    table.printOr("no incidents", out);
  }

  /** The top-ranked cause and its metric, or the analysis state ({@code pending}, ...) while there is none. */
  private static String rootCause(JsonNode i) {
    JsonNode rc = i.path("root_cause");
    if (rc.isObject()) {
      return rc.path("service").asText() + " (" + rc.path("metric").asText("?") + ")";
    }
    return i.path("rca").asText("-");
  }
}
