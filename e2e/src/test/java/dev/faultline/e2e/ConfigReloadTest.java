package dev.faultline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.e2e.support.CollectorProcess;
import dev.faultline.e2e.support.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -HUP} of a real collector process ({@code java -jar faultline-collector.jar run --config FILE})
 * reloads its notification targets and detector rules, names what needs a restart, keeps the running configuration
 * when the new file is bad, and never stops the daemon (the JVM's default for SIGHUP would).
 */
@Timeout(120)
class ConfigReloadTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void sighupReloadsWhatItCanAndKeepsTheOldConfigurationOnABadFile() throws Exception {
    Path file = dir.resolve("collector.yaml");
    Files.writeString(file, """
        storage: {retention: 1h}
        notifications:
          targets:
            - {name: first, type: webhook, url: "http://127.0.0.1:9/first"}
        """);
    try (CollectorProcess collector = CollectorProcess.start(Ports.free(), dir.resolve("data"),
        "--config", file.toString())) {
      assertEquals(List.of("first"), targets(collector));

      Files.writeString(file, """
          storage: {retention: 2h}
          detection:
            rules:
              - {pattern: "error_ratio", detectors: [ewma], raise: 0.7}
          notifications:
            targets:
              - {name: second, type: alertmanager, url: "http://127.0.0.1:9/second"}
          """);
      collector.hangUp();
      JsonNode config = awaitConfig(collector, c -> c.path("reloads").asInt() == 1);
      assertEquals(List.of("second"), targets(collector));
      assertEquals("[\"detection.rules (1 rules)\",\"notifications (1 targets)\"]", config.path("reloaded").toString());
      assertEquals("[\"storage.retention\"]", config.path("needs_restart").toString());
      collector.awaitLog("config reloaded from " + file + ": detection.rules (1 rules), notifications (1 targets);"
          + " needs a restart to take effect: storage.retention", WAIT);

      Files.writeString(file, "notifications: {targets: [{name: third, type: webhook, url: \"not a url\"}]}\n");
      collector.hangUp();
      config = awaitConfig(collector, c -> c.path("reloads_failed").asInt() == 1);
      assertEquals(false, config.path("last_reload_ok").asBoolean());
      assertTrue(config.path("error").asText().startsWith("notifications.targets[0].url"), config.toString());
      assertEquals(List.of("second"), targets(collector), "the running configuration is kept");
      collector.awaitLog("failed, keeping the running configuration: notifications.targets[0].url", WAIT);

      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + collector.queryPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("faultline_config_reloads_total{result=\"ok\"} 1.0"), metrics);
      assertTrue(metrics.contains("faultline_config_reloads_total{result=\"failed\"} 1.0"), metrics);
      assertTrue(metrics.contains("faultline_config_last_reload_successful 0.0"), metrics);
      assertTrue(collector.isAlive(), "SIGHUP must not stop the collector");
    }
  }

  private static List<String> targets(CollectorProcess collector) throws Exception {
    List<String> names = new ArrayList<>();
    collector.query().get("/api/v1/notifications").path("targets").forEach(t -> names.add(t.path("name").asText()));
    return names;
  }

  private static JsonNode awaitConfig(CollectorProcess collector, java.util.function.Predicate<JsonNode> done)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode config = null;
    while (System.nanoTime() < deadline) {
      config = collector.query().get("/healthz").path("config");
      if (done.test(config)) {
        return config;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("reload not seen within " + WAIT + "; /healthz config: " + config + "\n"
        + collector.transcript());
  }
}
