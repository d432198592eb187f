package dev.faultline.collector.live.rca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The {@code rca:} section: defaults, values, fault trees read at startup, errors naming the key. */
class RcaConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsWithoutSection() {
    RcaConfig c = RcaConfig.fromMap(null);
    assertTrue(c.enabled());
    assertEquals(Duration.ofSeconds(2), c.debounce());
    assertEquals(Duration.ofMinutes(30), c.baseline());
    assertTrue(c.faultTrees().isEmpty());
  }

  @Test
  void readsTheSectionAndItsFaultTrees() throws Exception {
    Path trees = Files.writeString(dir.resolve("trees.yaml"), """
        fault_trees:
          - name: payments-slow
            top: slow
            basic_events:
              - {id: slow, probability: 0.1, condition: {service: payments, metric: latency_p99_seconds}}
        """);
    Path config = Files.writeString(dir.resolve("collector.yaml"), """
        storage:
          retention: 2h
        rca:
          enabled: false
          debounce: 500ms
          refresh: 1m
          baseline: 45m
          max-services: 50
          fault-trees: %s
        """.formatted(trees));
    ConfigLoader.load(config, Map.of()); // the scalar sections ignore the structured one
    RcaConfig c = RcaConfig.fromMap(ConfigLoader.section(config, RcaConfig.SECTION));
    assertFalse(c.enabled());
    assertEquals(Duration.ofMillis(500), c.debounce());
    assertEquals(Duration.ofMinutes(1), c.refresh());
    assertEquals(Duration.ofMinutes(45), c.baseline());
    assertEquals(50, c.maxServices());
    assertEquals("payments-slow", c.faultTrees().get(0).name());
  }

  @Test
  void badValuesNameTheKey() {
    assertEquals("rca.debonce", assertThrows(ConfigException.class,
        () -> RcaConfig.fromMap(Map.of("debonce", "2s"))).key());
    assertEquals("rca.refresh", assertThrows(ConfigException.class,
        () -> RcaConfig.fromMap(Map.of("refresh", "soon"))).key());
    assertEquals("rca.baseline", assertThrows(ConfigException.class,
        () -> RcaConfig.fromMap(Map.of("baseline", "10s"))).key());
    assertEquals("rca.enabled", assertThrows(ConfigException.class,
        () -> RcaConfig.fromMap(Map.of("enabled", "yes please"))).key());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> RcaConfig.fromMap(Map.of("fault-trees", dir.resolve("none.yaml").toString())));
    assertEquals("rca.fault-trees", missing.key());
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }
}
