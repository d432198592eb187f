package dev.faultline.collector.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigKeys;
import dev.faultline.collector.config.ConfigLoader;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.notify.NotificationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The reload logic against a real in-process collector, called directly (the signal is tested in e2e). */
@Timeout(30)
class ConfigReloaderTest {

  @TempDir Path dir;

  private Path file;
  private Collector collector;
  private ConfigReloader reloader;
  private Map<String, String> overrides;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("collector.yaml");
    write("""
        storage: {data-dir: %s, retention: 1h}
        detection:
          workers: 1
        notifications:
          targets:
            - {name: first, type: webhook, url: "http://127.0.0.1:9/first"}
        """.formatted(dir.resolve("data")));
    overrides = Map.of(ConfigKeys.INGEST_ADDRESS, "127.0.0.1:0", ConfigKeys.QUERY_ADDRESS, "127.0.0.1:0");
    CollectorConfig config = ConfigLoader.load(file, overrides);
    collector = Collector.start(CollectorSettings.builder(config)
        .live(LiveConfig.fromMap(ConfigLoader.section(file, "detection")))
        .notifications(NotificationConfig.fromMap(ConfigLoader.section(file, "notifications"))).build());
    reloader = new ConfigReloader(file, overrides, config, collector.reloadables(), collector.reloadStatus(),
        System::currentTimeMillis);
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void reloadsTargetsAndRulesAndNamesWhatNeedsARestart() throws Exception {
    write("""
        storage: {data-dir: %s, retention: 2h}
        ingest: {address: "127.0.0.1:1234"}
        detection:
          workers: 2
          rules:
            - {pattern: "error_ratio", detectors: [ewma], raise: 0.7}
        notifications:
          targets:
            - {name: second, type: alertmanager, url: "http://127.0.0.1:9/second"}
            - {name: third, type: exec, command: [/bin/true]}
        """.formatted(dir.resolve("data")));
    assertTrue(reloader.reload());
    assertEquals(List.of("second", "third"),
        collector.notifier().config().targets().stream().map(t -> t.name()).toList());
    Map<String, Object> status = collector.reloadStatus().view();
    assertEquals(List.of("detection.rules (1 rules)", "notifications (2 targets)"), status.get("reloaded"));
    // ingest.address is overridden by a flag, so the file's new value does not matter
    assertEquals(List.of("storage.retention", "detection.workers"), status.get("needs_restart"));
    assertEquals(true, status.get("last_reload_ok"));

    assertTrue(reloader.reload(), "the same file again");
    assertEquals(List.of(), collector.reloadStatus().view().get("reloaded"), "nothing changed the second time");
    assertEquals(2L, collector.reloadStatus().succeeded());
  }

  @Test
  void aBadFileKeepsTheRunningConfigurationAndSaysWhy() throws Exception {
    write("""
        notifications:
          targets:
            - {name: second, type: webhook, url: "not a url"}
        """);
    assertFalse(reloader.reload());
    assertEquals("first", collector.notifier().config().targets().get(0).name());
    Map<String, Object> status = collector.reloadStatus().view();
    assertEquals(false, status.get("last_reload_ok"));
    assertTrue(String.valueOf(status.get("error")).contains("notifications.targets[0].url"), status.toString());

    write("storage: {retention: soon}\n");
    assertFalse(reloader.reload());
    assertTrue(String.valueOf(collector.reloadStatus().view().get("error")).contains("storage.retention"));
    assertEquals(2L, collector.reloadStatus().failed());
  }

  @Test
  void onePartFailingToPrepareMeansNoPartApplies() throws Exception {
    AtomicInteger applied = new AtomicInteger();
    collector.reloadables().add(f -> new Reloadable.Plan(List.of("auth.tokens"), List.of(), applied::incrementAndGet));
    collector.reloadables().add(f -> {
      throw ConfigException.of("auth.tokens[1]", "must not be empty");
    });
    write("""
        notifications:
          targets:
            - {name: second, type: webhook, url: "http://127.0.0.1:9/second"}
        """);
    assertFalse(reloader.reload());
    assertEquals(0, applied.get());
    assertEquals("first", collector.notifier().config().targets().get(0).name());
    assertEquals("auth.tokens[1]: must not be empty", collector.reloadStatus().view().get("error"));
  }

  @Test
  void aPluggedInPartIsReloadedWithTheOthers() throws Exception {
    AtomicInteger applied = new AtomicInteger();
    collector.reloadables().add(f -> new Reloadable.Plan(List.of("auth.tokens (2)"), List.of(),
        applied::incrementAndGet));
    assertTrue(reloader.reload());
    assertEquals(1, applied.get());
    assertEquals(List.of("auth.tokens (2)"), collector.reloadStatus().view().get("reloaded"));
    assertNull(collector.reloadStatus().view().get("error"));
  }

  private void write(String yaml) throws Exception {
    Files.writeString(file, yaml);
  }
}
