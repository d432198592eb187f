package dev.faultline.collector.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.model.SeriesRef;
import org.junit.jupiter.api.Test;

class SeriesTableTest {

  private static final long IDLE = 60_000;
  private final DetectionSinkTest.RecordingListener listener = new DetectionSinkTest.RecordingListener();
  private final SeriesTable table = new SeriesTable(2, IDLE, EntitySettings.defaults(), DetectionSink.ENTITY_TRAINER,
      Runnable::run);
  private final DetectionConfig rules = DetectionConfig.empty();

  private static SeriesRef ref(String service) {
    return Batches.ref("latency_p99_seconds", service, "h");
  }

  @Test
  void stateIsCachedOnTheRefAndFoundAgainForANewRefOfTheSameSeries() {
    SeriesRef a = ref("a");
    SeriesState s = table.resolve(a, rules, 0, listener);
    assertSame(s, table.cached(a));
    SeriesRef reconnected = ref("a");
    assertNull(table.cached(reconnected));
    assertSame(s, table.resolve(reconnected, rules, 0, listener));
  }

  @Test
  void aFullTableRefusesNewSeriesInsteadOfEvictingActiveOnes() {
    SeriesState a = table.resolve(ref("a"), rules, 0, listener);
    SeriesState b = table.resolve(ref("b"), rules, 0, listener);
    SeriesRef c = ref("c");
    assertNull(table.resolve(c, rules, 1000, listener));
    assertEquals(1, table.refused());
    assertEquals(true, table.recentlyRefused(c, 2000), "skipped without a lookup for a while");
    assertEquals(2, table.refused());
    assertEquals(true, a.live && b.live);
    // once a and b have been idle for IDLE, a sweep drops them and c gets in
    a.lastSeenMillis = 0;
    b.lastSeenMillis = 5_000 + IDLE;
    SeriesRef c2 = ref("c");
    assertNotNull(table.resolve(c2, rules, 5_000 + IDLE, listener));
    assertEquals(false, a.live);
    assertEquals(true, b.live);
    assertEquals(2, table.size());
  }

  @Test
  void droppingAStateClosesItsOpenAnomaly() {
    SeriesRef a = ref("a");
    SeriesState s = table.resolve(a, rules, 0, listener);
    double[] values = Batches.stepSeries(300, 5, 0.2, 8, 1);
    for (int i = 0; i < values.length; i++) {
      s.feed(1_795_000_000_000L + i * 10_000L, values[i], listener);
    }
    assertEquals(1, listener.events().stream().filter(e -> e.startsWith("open")).count(), listener.events().toString());
    table.clear(listener);
    assertEquals(false, s.live);
    assertEquals("close 1", listener.events().get(listener.events().size() - 1));
    assertEquals(0, table.size());
  }
}
