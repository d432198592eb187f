package dev.faultline.collector.query;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.Collector;
import dev.faultline.collector.testing.RunningCollector;
import dev.faultline.collector.web.StaticAssets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every route a running collector registers is documented in openapi.json, the API contract. */
@Timeout(20)
class RoutesMatchOpenApiTest {

  @TempDir Path dataDir;

  @Test
  void everyRegisteredRouteIsInTheContract() throws Exception {
    JsonNode paths = new ObjectMapper().readTree(StaticAssets.dashboard().resolve("/openapi.json").content())
        .path("paths");
    try (Collector collector = RunningCollector.start(dataDir)) {
      for (String path : collector.router().paths()) {
        assertTrue(paths.has(path), "openapi.json lacks " + path);
      }
    }
  }
}
