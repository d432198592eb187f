package dev.faultline.collector.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveConfigTest {

  @TempDir Path dir;

  private LiveConfig load(String yaml) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, yaml);
    ConfigLoader.load(file, Map.of()); // the flat sections still load; detection is skipped there
    return LiveConfig.fromMap(ConfigLoader.section(file, LiveConfig.SECTION));
  }

  @Test
  void absentSectionMeansDefaults() throws Exception {
    assertEquals(LiveConfig.defaults().maxSeries(), load("storage:\n  retention: 1h\n").maxSeries());
  }

  @Test
  void bindsKeysAndRules() throws Exception {
    LiveConfig c = load("detection:\n  workers: 2\n  quiet-period: 10m\n  rules:\n"
        + "    - pattern: \"jvm_gc_*\"\n      detectors: [ewma, cusum]\n      raise: 0.7\n");
    assertEquals(2, c.workers());
    assertEquals(Duration.ofMinutes(10), c.quietPeriod());
    assertEquals(0.7, c.detection().ruleFor("jvm_gc_pause").policy().raise());
  }

  @Test
  void typosAndBadValuesNameTheKey() throws Exception {
    ConfigException typo = assertThrows(ConfigException.class, () -> load("detection:\n  max-serie: 5\n"));
    assertEquals("detection.max-serie", typo.key());
    ConfigException bad = assertThrows(ConfigException.class, () -> load("detection:\n  quiet-period: soon\n"));
    assertEquals("detection.quiet-period", bad.key());
    ConfigException rule = assertThrows(ConfigException.class,
        () -> load("detection:\n  rules:\n    - pattern: x\n      detectors: [nosuch]\n"));
    assertEquals("detection.rules", rule.key());
    assertTrue(rule.getMessage().contains("rules[0]"), rule.getMessage());
  }

  @Test
  void bindsTheEntitySectionAndNamesItsBadKeys() throws Exception {
    EntitySettings e = load("detection:\n  entity:\n    step: 30s\n    window: 400\n    min-rows: 100\n").entity();
    assertEquals(new EntitySettings(true, Duration.ofSeconds(30), 400, 100, 90), e);
    assertEquals(EntitySettings.defaults(), load("detection:\n  workers: 1\n").entity());
    assertEquals("detection.entity.windw",
        assertThrows(ConfigException.class, () -> load("detection:\n  entity:\n    windw: 5\n")).key());
    ConfigException rows = assertThrows(ConfigException.class,
        () -> load("detection:\n  entity:\n    window: 100\n    min-rows: 200\n"));
    assertEquals("detection.entity.min-rows", rows.key());
    assertTrue(rows.getMessage().contains("between 2 and 100"), rows.getMessage());
    assertEquals("detection.entity",
        assertThrows(ConfigException.class, () -> load("detection:\n  entity: yes\n")).key());
  }
}
