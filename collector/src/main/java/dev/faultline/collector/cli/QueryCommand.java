package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline query SERIES}: the points of one series over a time window. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Print the points of one series (an id from `faultline series`).",
        "Times: epoch seconds, RFC 3339 (2026-11-27T03:30:00Z), 'now' or relative like -15m."})
final class QueryCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "SERIES", description = "Series id, e.g. 'jvm_heap_used_bytes{service=\"checkout\",...}'.")
  String series;

  @Option(names = "--since", paramLabel = "DURATION", description = "Window ending now, e.g. 15m, 1h (default 15m).")
  String since;

  @Option(names = "--from", paramLabel = "TIME", description = "Window start.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Window end (default now).")
  String to;

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    if (since != null && (from != null || to != null)) {
      throw new ClientException("use either --since or --from/--to, not both");
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("series", series);
    params.put("from", since != null ? "-" + since.replaceFirst("^-", "") : from);
    params.put("to", to);
    return http.get("/api/v1/query", params);
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    TextTable table = new TextTable("TIME", "VALUE");
    for (JsonNode sample : body.path("samples")) {
      table.row(Instant.ofEpochMilli(sample.path(0).asLong()), Numbers.format(sample.path(1)));
    }
    if (table.size() == 0) {
      out.println("no points between " + body.path("from").asText() + " and " + body.path("to").asText());
      out.flush();
      return;
    }
    table.print(out);
  }
}
