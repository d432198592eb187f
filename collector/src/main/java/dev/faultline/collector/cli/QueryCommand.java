package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline query SERIES}: one series over a time window, as a text chart or a table of points. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Chart one series (an id from `faultline series`) in the terminal; --table lists the points.",
        "Times: epoch seconds, RFC 3339 (2026-11-27T03:30:00Z), 'now' or relative like -15m."})
final class QueryCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "SERIES", description = "Series id, e.g. 'jvm_heap_used_bytes{service=\"checkout\",...}'.")
  String series;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Window start: a duration ago (15m, 1h) or any TIME below; ends now (default 15m).")
  String since;

  @Option(names = "--from", paramLabel = "TIME", description = "Window start.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Window end (default now).")
  String to;

  @Option(names = "--table", description = "List the points (time, value) instead of drawing a chart.")
  boolean table;

  @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "72",
      description = "Chart width in columns (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", paramLabel = "ROWS", defaultValue = "10",
      description = "Chart height in rows (default: ${DEFAULT-VALUE}).")
  int height;

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    if (since != null && (from != null || to != null)) {
      throw new ClientException("use either --since or --from/--to, not both");
    }
    if (width < 10 || width > 1000 || height < 2 || height > 200) {
      throw new ClientException("--width must be 10 to 1000 and --height 2 to 200, were " + width + " and " + height);
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("series", series);
    params.put("from", since != null ? TimeArgs.since(since) : from);
    params.put("to", to);
    return http.get("/api/v1/query", params);
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    JsonNode samples = body.path("samples");
    if (samples.isEmpty()) {
      out.println("no points between " + body.path("from").asText() + " and " + body.path("to").asText());
      out.flush();
    } else if (table) {
      printTable(samples, out);
    } else {
      printChart(body, out);
    }
  }

  private void printChart(JsonNode body, PrintWriter out) {
    JsonNode samples = body.path("samples");
    long[] t = new long[samples.size()];
    double[] v = new double[samples.size()];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < t.length; i++) {
      t[i] = samples.path(i).path(0).asLong();
      JsonNode value = samples.path(i).path(1);
      v[i] = value.isNumber() ? value.asDouble() : Double.NaN;
      if (!Double.isNaN(v[i])) {
        min = Math.min(min, v[i]);
        max = Math.max(max, v[i]);
      }
    }
    out.println(body.path("series").asText());
    out.println(t.length + " points  min " + Numbers.format(min) + "  max " + Numbers.format(max) + "  last "
        + Numbers.format(samples.path(t.length - 1).path(1)) + "  at " + Instant.ofEpochMilli(t[t.length - 1]));
    new TextChart(width, height).print(t, v, Instant.parse(body.path("from").asText()).toEpochMilli(),
        Instant.parse(body.path("to").asText()).toEpochMilli(), out);
  }

  private static void printTable(JsonNode samples, PrintWriter out) {
    TextTable table = new TextTable("TIME", "VALUE");
    for (JsonNode sample : samples) {
      table.row(Instant.ofEpochMilli(sample.path(0).asLong()), Numbers.format(sample.path(1)));
    }
    table.print(out);
  }
}
