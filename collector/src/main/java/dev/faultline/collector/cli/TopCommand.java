package dev.faultline.collector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.collector.config.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faultline top}: a refreshing view of every service's rate, errors, p99 and anomaly state. On a terminal each
 * frame redraws the screen with ANSI codes; otherwise (a pipe, a file, a test) frames are printed one after another,
 * separated by a blank line, so the output stays readable and parseable. {@code --json} prints one JSON object per
 * frame and line.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
    description = {"A live view of the services, refreshed every --interval until Ctrl-C.",
        "Per service: request rate, error ratio, p99 latency, instances, open anomalies and anomaly state;"
            + " anomalous services first.",
        "--once (or --iterations N) for scripts; --json prints one JSON object per line and frame."})
final class TopCommand extends ClientCommand {

  /** Clear screen and move the cursor home. */
  private static final String ANSI_REDRAW = "\u001b[H\u001b[2J";

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
      description = "Time between refreshes, e.g. 2s, 1m (default: ${DEFAULT-VALUE}; at least 200ms).")
  String interval;

  @Option(names = "--iterations", paramLabel = "N", description = "Stop after N frames (default: until Ctrl-C).")
  Integer iterations;

  @Option(names = "--once", description = "Print one frame and exit (same as --iterations 1).")
  boolean once;

  @Override
  void run(QueryClient http, PrintWriter out) throws ClientException {
    Duration pause = pause();
    int frames = once ? 1 : iterations == null ? Integer.MAX_VALUE : iterations;
    if (frames < 1) {
      throw new ClientException("--iterations must be >= 1, was " + frames);
    }
    boolean redraw = !client.json && Terminal.isInteractive();
    for (int i = 0; i < frames; i++) {
      if (i > 0) {
        sleep(pause);
      }
      ObjectNode frame = ServiceOverview.fetch(http, System.currentTimeMillis());
      if (client.json) {
        out.println(frame.toString());
      } else {
        if (redraw) {
          out.print(ANSI_REDRAW);
        } else if (i > 0) {
          out.println();
        }
        printFrame(frame, http.address(), out);
      }
      out.flush();
    }
  }

  private Duration pause() throws ClientException {
    try {
      Duration d = Durations.parse(interval);
      if (d.toMillis() < 200) {
        throw new ClientException("--interval must be at least 200ms, was " + interval);
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new ClientException("invalid --interval '" + interval + "': " + e.getMessage());
    }
  }

  static void printFrame(JsonNode frame, String address, PrintWriter out) {
    JsonNode services = frame.path("services");
    long anomalous = 0;
    for (JsonNode s : services) {
      anomalous += s.path("state").asText().equals("ok") ? 0 : 1;
    }
    out.println("faultline top  " + address + "  " + Instant.parse(frame.path("at").asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "  "
        + services.size() + " services, " + anomalous + " anomalous");
    out.println();
    if (services.isEmpty()) {
      out.println("no services have reported yet");
    } else {
      ServiceOverview.table(frame).print(out);
    }
  }

  private static void sleep(Duration d) throws ClientException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted");
    }
  }

  @Override
  JsonNode fetch(QueryClient http) throws ClientException {
    return ServiceOverview.fetch(http, System.currentTimeMillis());
  }

  @Override
  void print(JsonNode body, PrintWriter out) {
    printFrame(body, "", out);
  }
}
