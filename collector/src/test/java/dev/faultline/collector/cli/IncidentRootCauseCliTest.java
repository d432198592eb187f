package dev.faultline.collector.cli;

import static dev.faultline.collector.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.testing.PropagatingFault;
import dev.faultline.collector.testing.RunningCollector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline incidents} and {@code faultline incident ID} against a real collector fed with
 * {@link PropagatingFault}: the top root cause in the list; the ranked root causes, the evidence of the best, and its
 * propagation path drawn as a tree; {@code --json} is the API's answer.
 */
@Timeout(90)
class IncidentRootCauseCliTest {

  @TempDir Path dataDir;

  @Test
  void incidentPrintsTheRankingAndThePropagationTree() throws Exception {
    try (Collector collector = RunningCollector.start(dataDir)) {
      PropagatingFault.feed(collector, System.currentTimeMillis());
      String address = "127.0.0.1:" + collector.queryAddress().getPort();
      String id = collector.live().incidents().list(i -> i.services().contains("payments")).get(0).id();

      CommandRun list = run("incidents", "--address", address, "--status", "all");
      assertEquals(0, list.code(), list.err());
      assertTrue(list.out().startsWith("ID ") && list.out().contains("ROOT CAUSE"), list.out());
      assertTrue(list.out().matches("(?s).*" + id + " .*payments \\(latency_p\\d+_seconds\\).*"), list.out());

      CommandRun r = run("incident", id, "--address", address);
      assertEquals(0, r.code(), r.err());
      String out = r.out();
      assertTrue(out.contains("Root causes (analysed "), out);
      assertTrue(out.matches("(?s).*\\n#  SERVICE +SCORE +METRIC +ONSET +PATH\\s*\\n1  payments .*"), out);
      assertTrue(out.contains("payments -> checkout -> frontend"), out);
      assertTrue(out.contains("Why payments: payments: own-latency"), out);
      assertTrue(out.contains("\npayments\n└─ checkout\n   └─ frontend\n"), out);

      CommandRun json = run("incident", id, "--address", address, "--json");
      assertEquals(0, json.code(), json.err());
      JsonNode body = new ObjectMapper().readTree(json.out());
      assertEquals("payments", body.path("ranking").get(0).path("service").asText());
      assertEquals("ranked", body.path("rca").asText());
    }
  }
}
