package dev.faultline.collector.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.perf.forecast.CapacityForecaster;
import org.junit.jupiter.api.Test;

class PerfModelServiceTest {

  @Test
  void parsesTheLoadMultiplesUsersType() {
    assertEquals(2.0, PerfModelService.parseLoadMultiple("2"));
    assertEquals(2.0, PerfModelService.parseLoadMultiple("2.0"));
    assertEquals(2.0, PerfModelService.parseLoadMultiple("2x"));
    assertEquals(1.5, PerfModelService.parseLoadMultiple(" 1.5X "));
    assertEquals(1.5, PerfModelService.parseLoadMultiple("150%"), 1e-12);
  }

  @Test
  void rejectsMalformedLoadMultiples() {
    for (String bad : new String[] {"", "x", "two", "-1x", "0", "NaN", "Infinity"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PerfModelService.parseLoadMultiple(bad), bad);
      assertTrue(e.getMessage().startsWith("load"), e.getMessage());
    }
  }

  @Test
  void answersEmptyForAServiceWithoutAModel() {
    PerfModelService service = new PerfModelService(new PerfModelRegistry(), CapacityForecaster.defaults());

    assertTrue(service.model("nope").isEmpty());
    assertTrue(service.whatIf("nope", 2).isEmpty());
    assertTrue(service.capacity("nope", 100).isEmpty());
  }

  @Test
  void servesPublishedModels() {
    ServiceHistory h = PerfTestData.history(PerfTestData.cpuBound(), 200, PerfTestData.wandering(200, 5), 6);
    PerfModelRegistry registry = new PerfModelRegistry();
    registry.put(ServicePerfModel.train(h, PerfTestData.FAST, 0L, () -> false), h);
    PerfModelService service = new PerfModelService(registry, CapacityForecaster.defaults());

    assertEquals("svc", service.model("svc").orElseThrow().service());
    assertEquals(2.0, service.whatIf("svc", 2).orElseThrow().loadMultiple());
    assertTrue(service.capacity("svc", 1e6).isPresent());
    assertThrows(IllegalArgumentException.class, () -> service.whatIf("svc", -1));
    assertThrows(IllegalArgumentException.class, () -> service.capacity("svc", 0));
  }

  @Test
  void resultsSerialiseToJsonAsTheyAre() throws Exception {
    ServiceHistory h = PerfTestData.history(PerfTestData.cpuBound(), 200, i -> 50 + 0.5 * i, 6);
    PerfModelRegistry registry = new PerfModelRegistry();
    registry.put(ServicePerfModel.train(h, PerfTestData.FAST, 0L, () -> false), h);
    PerfModelService service = new PerfModelService(registry, CapacityForecaster.defaults());
    ObjectMapper json = new ObjectMapper();

    JsonNode whatIf = json.readTree(json.writeValueAsString(service.whatIf("svc", 2).orElseThrow()));
    JsonNode model = json.readTree(json.writeValueAsString(service.model("svc").orElseThrow()));
    JsonNode capacity = json.readTree(json.writeValueAsString(service.capacity("svc", 500).orElseThrow()));

    assertEquals("cpu", whatIf.path("bottleneck").path("resource").asText());
    assertTrue(whatIf.path("p99").path("high").asDouble() >= whatIf.path("p99").path("value").asDouble());
    assertTrue(whatIf.path("contributions").isArray());
    assertTrue(model.path("p99").path("heldOutMapePercent").has("ridge+gbt"));
    assertEquals("BREACH_FORECAST", capacity.path("status").asText());
  }
}
