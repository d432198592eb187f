package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code faultline services}: services, their instances and when each was last seen. */
@Command(name = "services", mixinStandardHelpOptions = true, description = "List services and their instances.")
final class ServicesCommand extends ClientCommand {

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    return http.get("/api/v1/services", Map.of());
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    TextTable table = new TextTable("SERVICE", "INSTANCE", "HOST", "PID", "AGENT", "LAST SEEN");
    for (JsonNode s : body.path("services")) {
      for (JsonNode i : s.path("instances")) {
        table.row(s.path("name").asText(), i.path("instance").asText(), i.path("host").asText(),
            i.path("pid").asLong(), i.path("agent_version").asText(), i.path("last_seen").asText());
      }
    }
    table.printOr("no services have reported yet", out);
  }
}
