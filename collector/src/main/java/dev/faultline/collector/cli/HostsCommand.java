package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code faultline hosts}: hosts and when each was last seen. */
@Command(name = "hosts", mixinStandardHelpOptions = true, description = "List hosts that reported.")
final class HostsCommand extends ClientCommand {

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    return http.get("/api/v1/hosts", Map.of());
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    TextTable table = new TextTable("HOST", "HOST PROBE", "LAST SEEN");
    for (JsonNode h : body.path("hosts")) {
      table.row(h.path("host").asText(), h.path("host_probe").asBoolean() ? "yes" : "no", h.path("last_seen").asText());
    }
    table.printOr("no hosts have reported yet", out);
  }
}
