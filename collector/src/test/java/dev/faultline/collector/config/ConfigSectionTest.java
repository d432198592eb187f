package dev.faultline.collector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSectionTest {

  private static final List<String> KEYS = List.of("on", "count", "every", "name");

  @Test
  void readsTypedValuesAndDefaults() {
    ConfigSection s = ConfigSection.of("demo.part", Map.of("on", "false", "count", 7, "every", "90s"), KEYS);
    assertEquals(false, s.bool("on", true));
    assertEquals(7, s.integer("count", 1, 1, 10));
    assertEquals(Duration.ofSeconds(90), s.duration("every", Duration.ZERO));
    assertEquals("fallback", s.text("name", "fallback"));
  }

  @Test
  void absentSectionIsAllDefaults() {
    ConfigSection s = ConfigSection.of("demo", null, KEYS);
    assertEquals(3, s.integer("count", 3));
    assertEquals(true, s.bool("on", true));
  }

  @Test
  void everyErrorNamesTheFullKey() {
    assertEquals("demo.typo", assertThrows(ConfigException.class,
        () -> ConfigSection.of("demo", Map.of("typo", 1), KEYS)).key());
    assertEquals("demo", assertThrows(ConfigException.class, () -> ConfigSection.of("demo", "scalar", KEYS)).key());
    ConfigSection s = ConfigSection.of("demo", Map.of("on", "yes", "count", "x", "every", "soon", "name", " "),
        KEYS);
    assertEquals("demo.on", assertThrows(ConfigException.class, () -> s.bool("on", true)).key());
    assertEquals("demo.count", assertThrows(ConfigException.class, () -> s.integer("count", 1)).key());
    assertEquals("demo.every", assertThrows(ConfigException.class, () -> s.duration("every", null)).key());
    assertEquals("demo.name", assertThrows(ConfigException.class, () -> s.required("name")).key());
  }

  @Test
  void boundsAreChecked() {
    ConfigSection s = ConfigSection.of("demo", Map.of("count", 11, "every", "0s"), KEYS);
    ConfigException range = assertThrows(ConfigException.class, () -> s.integer("count", 1, 1, 10));
    assertEquals("demo.count: invalid value '11', expected between 1 and 10", range.getMessage());
    assertEquals("demo.every", assertThrows(ConfigException.class,
        () -> s.positiveDuration("every", Duration.ofSeconds(1))).key());
  }
}
