package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faultline anomalies}: recent anomalies, newest first. */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
    description = "List anomalies (series whose alert opened) that were open at some time since --since.")
final class AnomaliesCommand extends ClientCommand {

  @Option(names = "--service", paramLabel = "S", description = "Only anomalies of this service.")
  String service;

  @Option(names = "--since", paramLabel = "T", defaultValue = "-1h",
      description = "A duration ago (1h), epoch seconds, RFC 3339, 'now' or relative like -15m (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--open", description = "Only anomalies still open.")
  boolean open;

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("service", service);
    params.put("since", TimeArgs.since(since));
    params.put("status", open ? "open" : "all");
    return http.get("/api/v1/anomalies", params);
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    TextTable table = new TextTable("START", "END", "SCORE", "SERVICE", "SERIES");
    for (JsonNode a : body.path("anomalies")) {
      table.row(a.path("start").asText(), a.path("end").asText("open"), Numbers.format(a.path("score")),
          a.path("service").asText(""), a.path("series").asText());
    }
    table.printOr("no anomalies", out);
  }
}
