package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code faultline status}: collector health, connected agents and open incidents. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the collector's health, the agents connected and the open incidents.")
final class StatusCommand extends ClientCommand {

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    ObjectNode body = new ObjectMapper().createObjectNode();
    body.set("health", http.get("/healthz", Map.of()));
    body.set("open_incidents", http.get("/api/v1/incidents", Map.of("status", "open")).path("incidents"));
    return body;
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    JsonNode h = body.path("health");
    JsonNode open = body.path("open_incidents");
    TextTable table = new TextTable("STATUS", "UPTIME", "AGENTS", "SERIES", "OPEN INCIDENTS");
    table.row(h.path("status").asText(), h.path("uptime_seconds").asLong() + "s", h.path("agents_connected").asLong(),
        h.path("series").asLong(), open.size());
    table.print(out);
    if (open.size() > 0) {
      out.println();
      TextTable incidents = new TextTable("ID", "OPENED", "TITLE");
      open.forEach(i -> incidents.row(i.path("id").asText(), i.path("opened_at").asText(), i.path("title").asText()));
      incidents.print(out);
    }
    out.flush();
  }
}
