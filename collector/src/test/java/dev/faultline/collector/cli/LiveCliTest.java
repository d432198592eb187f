package dev.faultline.collector.cli;

import static dev.faultline.collector.cli.CommandRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.testing.LiveScenario;
import dev.faultline.collector.testing.SharedCollector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The live-analysis client commands against an in-process collector fed {@link LiveScenario}. */
@Timeout(30)
class LiveCliTest {

  @RegisterExtension
  static final SharedCollector shared = SharedCollector.fedBy(c -> LiveScenario.feed(c, System.currentTimeMillis()));

  private static String incidentId;

  @BeforeAll
  static void start() {
    incidentId = shared.collector().live().incidents().list(i -> i.services().contains("payments")).get(0).id();
  }

  @Test
  void anomaliesPrintsATableWithThePaymentsSeries() {
    CommandRun r = run("anomalies", "--address", shared.address(), "--service", "payments", "--open");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\\R");
    assertTrue(lines[0].startsWith("START "), r.out());
    assertTrue(lines[0].contains("SERIES"), r.out());
    assertTrue(lines[1].contains(" open ") && lines[1].contains("payments"), r.out());
    assertEquals(lines[0].indexOf("SERIES"), lines[1].indexOf("latency_p99_seconds{"), "aligned columns:\n" + r.out());
  }

  @Test
  void incidentsListsTheOpenIncident() {
    CommandRun r = run("incidents", "--address", shared.address());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("ID "), r.out());
    assertTrue(r.out().contains(incidentId) && r.out().contains("latency on"), r.out());
  }

  @Test
  void incidentShowsTheTimelineAndTheRankedRootCause() {
    CommandRun r = run("incident", incidentId, "--address", shared.address());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith(incidentId + "  open  latency on "), r.out());
    assertTrue(r.out().contains("Timeline") && r.out().contains(" start "), r.out());
    assertTrue(r.out().contains("Root causes"), r.out());
    assertTrue(r.out().matches("(?s).*\\n1 +payments .*"), "payments ranked first:\n" + r.out());
  }

  @Test
  void incidentJsonIsTheApiAnswer() throws Exception {
    CommandRun r = run("incident", incidentId, "--address", shared.address(), "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(incidentId, new ObjectMapper().readTree(r.out()).path("id").asText());
  }

  @Test
  void unknownIncidentFailsWithOneLine() {
    CommandRun r = run("incident", "inc-20000101-0042", "--address", shared.address());
    assertEquals(1, r.code());
    assertEquals("faultline: no incident 'inc-20000101-0042' (parameter: id)", r.err().strip());
  }

  @Test
  void statusShowsHealthAgentsAndOpenIncidents() {
    CommandRun r = run("status", "--address", shared.address());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("STATUS  UPTIME"), r.out());
    assertTrue(r.out().contains(incidentId), r.out());
  }

  @Test
  void propagationPathPrintsAsATree() {
    StringWriter s = new StringWriter();
    IncidentCommand.printTree(List.of("payments", "checkout", "frontend"), new PrintWriter(s, true));
    assertEquals("payments\n└─ checkout\n   └─ frontend\n", s.toString().replace("\r\n", "\n"));
  }

  @Test
  void everyNewCommandHasHelp() {
    for (String c : List.of("anomalies", "incidents", "incident", "status")) {
      CommandRun r = run(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().contains("--address"), c + ": " + r.out());
    }
  }
}
