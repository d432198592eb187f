package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.perf.PerfModelService;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline whatif SERVICE --load 2x}: predicted latency at a multiple of the current load. */
@Command(name = "whatif", mixinStandardHelpOptions = true,
    description = {"Predict a service's p50 and p99 latency at a multiple of its current request rate.",
        "With the uncertainty band and the bottleneck (the resource nearest saturation, whose queue grows most),"
            + " from the performance model the collector trains in the background."})
final class WhatIfCommand extends ClientCommand {

  @Parameters(paramLabel = "SERVICE", description = "Service name, as listed by `faultline services`.")
  String service;

  @Option(names = "--load", paramLabel = "MULTIPLE", defaultValue = "2x",
      description = "Load multiple: 2, 2.0, 2x or 150%% (default: ${DEFAULT-VALUE}).")
  String load;

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    try {
      PerfModelService.parseLoadMultiple(load); // fail here, with the flag's name, before asking the collector
    } catch (IllegalArgumentException e) {
      throw new ClientException("invalid --load '" + load + "': expected a multiple like 2, 2.0, 2x or 150%");
    }
    return http.get("/api/v1/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20")
        + "/whatif", Map.of("load", load));
  }

  @Override
  void print(JsonNode w, PrintWriter out) {
    out.printf(Locale.ROOT, "%s at %sx load: %s -> %s requests/s%s%n", w.path("service").asText(),
        Numbers.compact(w.path("load_multiple").asDouble()), Numbers.compact(w.path("current_rate_per_second").asDouble()),
        Numbers.compact(w.path("rate_per_second").asDouble()),
        w.path("extrapolated").asBoolean() ? "  (beyond the highest load seen in training: extrapolated)" : "");
    TextTable table = new TextTable("LATENCY", "NOW", "PREDICTED", "BAND");
    row(table, "p50", w.path("current_p50").asDouble(), w.path("p50"));
    row(table, "p99", w.path("current_p99").asDouble(), w.path("p99"));
    table.print(out);
    if (w.path("saturated").asBoolean()) {
      out.println("saturated: a resource reaches full utilisation at this load; the predictions are lower bounds");
    }
    JsonNode b = w.path("bottleneck");
    if (b.isObject()) {
      out.printf(Locale.ROOT, "bottleneck: %s (%s %s -> %s, utilisation %s -> %s), %s of the p99 increase (+%s ms)%n",
          b.path("resource").asText(), b.path("feature").asText(), Numbers.compact(b.path("current_value").asDouble()),
          Numbers.compact(b.path("predicted_value").asDouble()),
          Numbers.percent(b.path("current_utilisation").asDouble()),
          Numbers.percent(b.path("predicted_utilisation").asDouble()), Numbers.percent(b.path("share").asDouble()),
          Numbers.compact(b.path("delta_p99_millis").asDouble()));
    } else {
      out.println("bottleneck: none (p99 does not increase)");
    }
    out.println("model: " + w.path("model").asText());
    out.flush();
  }

  private static void row(TextTable table, String name, double now, JsonNode e) {
    table.row(name, Numbers.compact(now) + " ms", Numbers.compact(e.path("value").asDouble()) + " ms",
        Numbers.compact(e.path("low").asDouble()) + " - " + Numbers.compact(e.path("high").asDouble()) + " ms");
  }
}
