package dev.faultline.collector.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.testing.LiveScenario;
import dev.faultline.collector.testing.RunningCollector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class IncidentRestartTest {

  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  private static JsonNode get(Collector c, String path, int status) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + c.queryAddress().getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), r.body());
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void incidentsSurviveARestartOnTheSameDataDir() throws Exception {
    String id;
    String title;
    try (Collector first = RunningCollector.start(dataDir)) {
      LiveScenario.feed(first, System.currentTimeMillis());
      JsonNode list = get(first, "/api/v1/incidents?status=all", 200).path("incidents");
      assertTrue(list.size() >= 1, list.toString());
      id = list.get(0).path("id").asText();
      title = list.get(0).path("title").asText();
    }
    try (Collector second = RunningCollector.start(dataDir)) {
      JsonNode detail = get(second, "/api/v1/incidents/" + id, 200);
      assertEquals(title, detail.path("title").asText());
      assertTrue(detail.path("timeline").size() >= 1);
      // new incidents continue the sequence instead of reusing ids
      IncidentStore store = second.live().incidents();
      assertTrue(store.nextSequence() > Long.parseLong(id.substring(id.lastIndexOf('-') + 1)));
    }
  }
}
