package dev.faultline.collector.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
