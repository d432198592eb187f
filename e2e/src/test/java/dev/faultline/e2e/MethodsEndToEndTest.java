package dev.faultline.e2e;

import static dev.faultline.e2e.support.CapturingCollector.value;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.e2e.support.CapturingCollector;
import dev.faultline.e2e.support.Jvm;
import dev.faultline.e2e.support.TestApps;
import dev.faultline.proto.v1.EventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Methods chosen by configuration ({@code instrumentation.methods}) in a plain application with the agent: each
 * arrives at an in-process collector as an endpoint named after the method, with its errors (thrown exceptions,
 * also as EXCEPTION events); a method no pattern names does not, and none counts as a request of the service.
 */
@Timeout(120)
class MethodsEndToEndTest {

  private static final String SERVICE = "e2e-methods";

  @TempDir Path dataDir;
  @TempDir Path emptyLib;

  @Test
  void configuredMethodsAreTimedLikeEndpoints() throws Exception {
    Files.createDirectories(emptyLib);
    Path classes = TestApps.compile("methods/MethodsApp.java", "methods", emptyLib, s -> s);
    try (CapturingCollector collector = CapturingCollector.start(dataDir);
        Jvm app = Jvm.start(Jvm.currentJavaHome(), List.of(
            collector.agentArgument(SERVICE) + ",instrumentation.methods=shop.OrderService#place,shop.*Repository#find*",
            "-cp", classes.toString(), "shop.MethodsApp"))) {
      app.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(60));
      String place = "shop.OrderService.place";
      collector.awaitEndpoint(SERVICE, "error_ratio", place, s -> value(s) > 0.1 && value(s) < 0.3);
      JsonNode rate = collector.awaitEndpoint(SERVICE, "request_rate", place, s -> value(s) > 10);
      assertTrue(value(rate) < 1000, "at most one order per 5 ms: " + rate);
      collector.awaitEndpoint(SERVICE, "latency_p50_seconds", place, s -> value(s) >= 0.001 && value(s) < 1);
      collector.awaitEndpoint(SERVICE, "request_rate", "shop.ItemRepository.findById", s -> value(s) > 10);
      collector.awaitEvent(e -> e.getKind() == EventKind.EVENT_KIND_EXCEPTION
          && e.getKey().equals("java.lang.IllegalStateException") && e.getSource().equals(place), "exception event");

      JsonNode all = collector.query().get("/api/v1/series?service=" + SERVICE + "&metric=request_rate");
      for (JsonNode s : all.path("series")) {
        String endpoint = s.path("labels").path("endpoint").asText();
        assertFalse(endpoint.contains("count"), "a method no pattern names: " + endpoint);
        if (endpoint.isEmpty()) {
          assertTrue(value(s) == 0, "methods counted as requests of the service: " + s);
        }
      }
      assertTrue(app.transcript().contains("methods"), app.transcript());
      assertFalse(app.transcript().contains("Faultline: "), "agent warnings:\n" + app.transcript());
    }
  }
}
