package dev.faultline.collector.rca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.cli.FaultlineCommand;
import dev.faultline.collector.rca.sim.FaultType;
import dev.faultline.collector.rca.sim.ScenarioWriter;
import dev.faultline.collector.rca.sim.SimCase;
import dev.faultline.collector.rca.sim.SimTopology;
import dev.faultline.collector.rca.sim.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RcaCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Path cases;
  static SimCase cpu;

  @BeforeAll
  static void simulate() throws IOException {
    cases = tmp.resolve("cases");
    cpu = Simulator.generate(SimTopology.of("sock-shop"), FaultType.CPU_HOG, "carts", 11);
    ScenarioWriter.write(cpu, cases);
    ScenarioWriter.write(Simulator.generate(SimTopology.of("online-boutique"), FaultType.ERRORS, "paymentservice", 12),
        cases);
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new FaultlineCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void printsRankingJsonWithTheInjectedRootFirst() throws IOException {
    Path dir = cases.resolve(cpu.name());
    String[] r = run("rca", "--scenario", dir.toString(), "--incident-time", Long.toString(cpu.incidentTime()));
    assertEquals("0", r[0], r[2]);
    JsonNode o = JSON.readTree(r[1]);
    assertEquals(cpu.incidentTime(), o.get("incident_start").asLong());
    JsonNode ranking = o.get("ranking");
    assertTrue(ranking.size() >= 5);
    JsonNode top = ranking.get(0);
    assertEquals("carts", top.get("service").asText());
    assertTrue(top.get("score").isNumber());
    assertTrue(top.get("metric").isTextual());
    assertEquals("carts", top.get("path").get(0).asText());
    assertTrue(top.get("explanation").asText().startsWith("carts: "));
    assertTrue(ranking.get(0).get("score").asDouble() >= ranking.get(1).get("score").asDouble());
  }

  @Test
  void detectsTheIncidentStartItself() throws IOException {
    String[] r = run("rca", "--scenario", cases.resolve(cpu.name()).toString());
    JsonNode o = JSON.readTree(r[1]);
    assertTrue(Math.abs(o.get("incident_start").asLong() - cpu.incidentTime()) <= 2 * Simulator.STEP, r[1]);
    assertEquals("carts", o.get("ranking").get(0).get("service").asText());
  }

  @Test
  void batchModeWritesOneResultPerCaseAndEvaluatesFaultTrees() throws IOException {
    Path trees = tmp.resolve("trees.yaml");
    Files.writeString(trees, """
        fault_trees:
          - name: cart-cpu
            top: a
            basic_events: [{id: a, probability: 0.1, condition: {service: carts, metric: cpu_usage_ratio}}]
        """);
    Path out = tmp.resolve("out");
    String[] r = run("rca", "--scenario", cases.toString(), "--output", out.toString(), "--use-scenario-time",
        "--fault-trees", trees.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode o = JSON.readTree(out.resolve(cpu.name() + ".json").toFile());
    assertEquals("carts", o.get("ranking").get(0).get("service").asText());
    assertTrue(o.get("fault_trees").get(0).get("top_event_occurred").asBoolean());
    assertTrue(Files.exists(out.resolve("sim-online-boutique-errors-paymentservice-12.json")));
  }

  @Test
  void nsigmaBaselineIsSelectable() throws IOException {
    String[] r = run("rca", "--scenario", cases.resolve(cpu.name()).toString(), "--ranker", "nsigma");
    assertEquals("0", r[0], r[2]);
    assertTrue(JSON.readTree(r[1]).get("ranking").size() >= 5);
  }

  @Test
  void badInputGivesClearErrors() {
    String[] r = run("rca", "--scenario", tmp.resolve("missing").toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("does not exist"), r[2]);
    r = run("rca", "--scenario", cases.toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("--output"), r[2]);
    r = run("rca");
    assertEquals("2", r[0]);
    r = run("rca", "--scenario", cases.resolve(cpu.name()).toString(), "--ranker", "magic");
    assertTrue(r[2].contains("unknown ranker"), r[2]);
  }
}
