package dev.faultline.collector.incident;

import static dev.faultline.collector.testing.QueryHttp.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.Collector;
import dev.faultline.collector.testing.LiveScenario;
import dev.faultline.collector.testing.RunningCollector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class IncidentRestartTest {


  @TempDir Path dataDir;

  @Test
  void incidentsSurviveARestartOnTheSameDataDir() throws Exception {
    String id;
    String title;
    try (Collector first = RunningCollector.start(dataDir)) {
      LiveScenario.feed(first, System.currentTimeMillis());
      JsonNode list = getJson(first.queryAddress(), "/api/v1/incidents?status=all").path("incidents");
      assertTrue(list.size() >= 1, list.toString());
      id = list.get(0).path("id").asText();
      title = list.get(0).path("title").asText();
    }
    try (Collector second = RunningCollector.start(dataDir)) {
      JsonNode detail = getJson(second.queryAddress(), "/api/v1/incidents/" + id);
      assertEquals(title, detail.path("title").asText());
      assertTrue(detail.path("timeline").size() >= 1);
      // new incidents continue the sequence instead of reusing ids
      IncidentStore store = second.live().incidents();
      assertTrue(store.nextSequence() > Long.parseLong(id.substring(id.lastIndexOf('-') + 1)));
    }
  }
}
