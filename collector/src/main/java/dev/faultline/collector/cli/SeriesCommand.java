package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faultline series}: stored series, filtered by service, host or metric. */
@Command(name = "series", mixinStandardHelpOptions = true,
    description = {"List stored series. Filters match exactly; a trailing * matches a prefix.",
        "The SERIES column is the id to pass to `faultline query`."})
final class SeriesCommand extends ClientCommand {

  @Option(names = "--service", paramLabel = "S", description = "Only series of this service.")
  String service;

  @Option(names = "--host", paramLabel = "H", description = "Only series of this host.")
  String host;

  @Option(names = "--metric", paramLabel = "M", description = "Only this metric (e.g. jvm_heap_used_bytes or jvm_*).")
  String metric;

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("service", service);
    params.put("host", host);
    params.put("metric", metric);
    // The route is paged; follow next_cursor so that the table lists every matching series.
    JsonNode first = http.get("/api/v1/series", params);
    com.fasterxml.jackson.databind.node.ArrayNode all = ((com.fasterxml.jackson.databind.node.ObjectNode) first)
        .withArray("series");
    String cursor = first.path("next_cursor").asText("");
    while (!cursor.isEmpty()) {
      params.put("cursor", cursor);
      JsonNode page = http.get("/api/v1/series", params);
      all.addAll((com.fasterxml.jackson.databind.node.ArrayNode) page.path("series"));
      cursor = page.path("next_cursor").asText("");
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) first).remove("next_cursor");
    return first;
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    TextTable table = new TextTable("SERIES", "POINTS", "LAST VALUE", "LAST TIME");
    for (JsonNode s : body.path("series")) {
      table.row(s.path("id").asText(), s.path("points").asInt(), Numbers.format(s.path("last_value")),
          s.path("last_time").asText(""));
    }
    table.printOr("no matching series", out);
  }
}
