package dev.faultline.collector.cli;

import static dev.faultline.collector.cli.CommandRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.testing.ServiceFleet;
import dev.faultline.collector.testing.SharedCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code topology}, {@code top} and {@code --json} against an in-process collector fed {@link ServiceFleet}. */
@Timeout(30)
class OnCallCliTest {

  @RegisterExtension
  static final SharedCollector shared = SharedCollector.fedBy(c -> ServiceFleet.feed(c, System.currentTimeMillis()));

  @Test
  void topologyDrawsTheCallGraphAsATreeWithRateErrorsAndLatency() {
    CommandRun r = run("topology", "--collector", shared.address());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\\R");
    assertEquals("frontend  [ok]", lines[0], r.out());
    assertEquals("└─ checkout  [ok]  20/s  2.0% err  p99 120ms", lines[1], r.out());
    assertEquals("   └─ db:orders  [ok]  20/s  2.0% err  p99 120ms", lines[2], r.out());
    assertTrue(r.out().contains("CALLER    CALLEE     KIND      CALLS/S  ERRORS  P99"), r.out());
    assertTrue(r.out().contains("checkout  db:orders  database  20       2.0%    120ms"), r.out());
  }

  @Test
  void topOnceShowsRateErrorsAndP99PerServiceFromItsInstances() {
    CommandRun r = run("top", "--once", "--collector", shared.address());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\\R");
    assertTrue(lines[0].startsWith("faultline top  " + shared.address() + "  "), r.out());
    assertTrue(lines[0].endsWith("2 services, 0 anomalous"), r.out());
    assertFalse(r.out().contains("\u001b["), "no ANSI codes when stdout is not a terminal");
    assertEquals("SERVICE   STATE  REQ/S  ERRORS  P99    INSTANCES  ANOMALIES", lines[2], r.out());
    assertEquals("checkout  ok     20     2.0%    120ms  1          0", lines[3], r.out());
    assertEquals("frontend  ok     40     7.5%    80ms   2          0", lines[4], r.out());
  }

  @Test
  void topIterationsPrintsThatManyFrames() {
    CommandRun r = run("top", "--iterations", "2", "--interval", "200ms", "--collector", shared.address());
    assertEquals(0, r.code(), r.err());
    assertEquals(2, r.out().lines().filter(l -> l.startsWith("faultline top ")).count(), r.out());
  }

  @Test
  void onATerminalTopRedrawsTheScreenForEachFrame() {
    Terminal.pretend(true);
    try {
      CommandRun r = run("top", "--iterations", "2", "--interval", "200ms", "--collector", shared.address());
      assertEquals(0, r.code(), r.err());
      String[] frames = r.out().split("\u001b\\[H\u001b\\[2J", -1);
      assertEquals(3, frames.length, "two clear-screen codes expected:\n" + r.out());
      assertEquals("", frames[0]);
      assertTrue(frames[1].startsWith("faultline top ") && frames[2].startsWith("faultline top "), r.out());
    } finally {
      Terminal.reset();
    }
  }

  @Test
  void topJsonIsOneObjectPerFrameAndLine() throws Exception {
    CommandRun r = run("top", "--iterations", "2", "--interval", "200ms", "--json", "--collector", shared.address());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    JsonNode frontend = new ObjectMapper().readTree(lines.get(1)).path("services").path(1);
    assertEquals("frontend", frontend.path("service").asText());
    assertEquals(40.0, frontend.path("rate_per_second").asDouble(), 1e-9);
    assertEquals(0.075, frontend.path("error_ratio").asDouble(), 1e-9);
  }

  @Test
  void badTopArgumentsAreOneLine() {
    CommandRun r = run("top", "--interval", "10ms", "--collector", shared.address());
    assertEquals(1, r.code());
    assertEquals("faultline: --interval must be at least 200ms, was 10ms", r.err().strip());
  }

  @Test
  void everyClientCommandPrintsJsonWithTheJsonFlag() throws Exception {
    String series = "latency_p99_seconds{service=\"checkout\",instance=\"checkout-1\",host=\"node-checkout-1\"}";
    List<List<String>> commands = List.of(List.of("status"), List.of("services"), List.of("hosts"),
        List.of("series"), List.of("query", series), List.of("anomalies"), List.of("incidents"),
        List.of("topology"), List.of("top", "--once"), List.of("whatif", "checkout"));
    for (List<String> c : commands) {
      List<String> args = new java.util.ArrayList<>(c);
      args.addAll(List.of("--json", "--collector", shared.address()));
      CommandRun r = run(args.toArray(String[]::new));
      if (c.get(0).equals("whatif")) { // no model yet: the error is still one line, not JSON
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("no performance model for 'checkout' yet"), r.err());
        continue;
      }
      assertEquals(0, r.code(), c + ": " + r.err());
      assertTrue(new ObjectMapper().readTree(r.out()).isObject(), c + " printed no JSON object:\n" + r.out());
    }
  }

  @Test
  void queryDrawsAChartWithAxisLabels() {
    String series = "request_rate{service=\"frontend\",instance=\"frontend-2\",host=\"node-frontend-2\"}";
    CommandRun r = run("query", series, "--since", "1m", "--width", "30", "--height", "4",
        "--collector", shared.address());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\\R");
    assertEquals(series, lines[0]);
    assertTrue(lines[1].startsWith("2 points  min 30  max 30  last 30  at "), r.out());
    assertTrue(lines[2].startsWith("45 ┤"), "top label is the flat line's value + 50%:\n" + r.out());
    assertTrue(lines[5].startsWith("15 ┤"), r.out());
    assertTrue(lines[6].startsWith("   └" + "─".repeat(30)), r.out());
    assertTrue(lines[7].matches(" {4}\\d\\d:\\d\\d:\\d\\dZ +\\d\\d:\\d\\d:\\d\\dZ"), r.out());
    assertEquals(2, r.out().chars().filter(ch -> ch == '█').count() / 2, "two columns with a bar:\n" + r.out());
  }

  @Test
  void newCommandsHaveHelp() {
    for (String c : List.of("topology", "top", "whatif")) {
      CommandRun r = run(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().contains("Usage: faultline " + c) && r.out().contains("--collector"), r.out());
    }
  }
}
