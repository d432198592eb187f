package dev.faultline.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.cluster.ClusterConfig;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.ingest.BatchSink;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.live.rca.RcaConfig;
import dev.faultline.collector.notify.NotificationConfig;
import dev.faultline.collector.security.SecurityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CollectorSettingsTest {

  private final CollectorConfig config = CollectorConfig.defaults();

  @Test
  void ofKeepsEverySectionButTheCollectorsAtItsDefault() {
    CollectorSettings s = CollectorSettings.of(config);
    assertSame(config, s.config());
    assertTrue(s.cluster().isSingle());
    assertEquals(List.of(), s.downstream());
    assertEquals(NotificationConfig.none(), s.notifications());
    assertEquals(SecurityConfig.none(), s.security());
    assertEquals(LiveConfig.defaults(), s.live());
    assertEquals(RcaConfig.defaults(), s.rca());
  }

  @Test
  void builderReplacesOnlyTheSectionsGivenAndCopiesTheSinks() {
    ClusterConfig gateway = ClusterConfig.of(Set.of(ClusterConfig.Role.GATEWAY), "127.0.0.1:9092");
    SecurityConfig security = SecurityConfig.fromMap(Map.of());
    List<BatchSink> sinks = new ArrayList<>(List.of(batch -> { }));
    CollectorSettings s = CollectorSettings.builder(config).cluster(gateway).security(security).downstream(sinks)
        .build();
    sinks.clear();
    assertSame(gateway, s.cluster());
    assertSame(security, s.security());
    assertEquals(1, s.downstream().size(), "later changes to the caller's list do not reach the settings");
    assertThrows(NullPointerException.class, () -> CollectorSettings.builder(config).live(null).build());
    assertThrows(NullPointerException.class, () -> CollectorSettings.of(null));
  }
}
