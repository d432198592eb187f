package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code faultline topology}: the call graph as a tree from its entry services, then the edges as a table. */
@Command(name = "topology", mixinStandardHelpOptions = true,
    description = {"Show the call graph the agents report: each service with its callees as a tree, then every edge"
        + " as a table.", "Per edge: state, calls/s, error ratio, p99 latency."})
final class TopologyCommand extends ClientCommand {

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    return http.get("/api/v1/topology", Map.of());
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    if (body.path("nodes").isEmpty()) {
      out.println("no services have reported yet");
      out.flush();
      return;
    }
    new CallGraphTree(body).print(out);
    TextTable edges = new TextTable("CALLER", "CALLEE", "KIND", "CALLS/S", "ERRORS", "P99");
    Map<String, String> kinds = CallGraphTree.kinds(body);
    for (JsonNode e : body.path("edges")) {
      String callee = e.path("callee").asText();
      edges.row(e.path("caller").asText(), callee, kinds.getOrDefault(callee, "service"),
          Numbers.format(e.get("calls_per_second")), Numbers.percent(e.get("error_ratio")),
          Numbers.seconds(e.get("latency_p99_seconds")));
    }
    out.println();
    edges.printOr("no call edges reported yet", out);
  }
}
