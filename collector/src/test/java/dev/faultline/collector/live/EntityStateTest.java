package dev.faultline.collector.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.SeriesKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The entity detector with training on the calling thread (same-thread executor), so every step is deterministic. */
class EntityStateTest {

  private static final long T0 = 1_795_000_000_000L;
  private static final long STEP = 10_000;
  private static final SeriesKey KEY = EntityFeatures.entityKey(
      SeriesKey.of("request_rate", Map.of(), "checkout", "checkout-1", "web-1"));

  private final DetectionSinkTest.RecordingListener listener = new DetectionSinkTest.RecordingListener();
  private final EntityState entity = new EntityState(KEY, EntityFeatures.INSTANCE.size(),
      new EntitySettings(true, Duration.ofSeconds(10), 200, 60, 30), DetectionSink.ENTITY_TRAINER, Runnable::run);
  private final SplittableRandom random = new SplittableRandom(3);

  /** Feeds one step: request rate (slot 3) and CPU (slot 4) in quiet or busy mode, or a mix. */
  private void step(int i, double rps, double cpu) {
    long t = T0 + i * STEP;
    entity.feed(3, t, rps * (1 + 0.03 * random.nextGaussian()), listener);
    entity.feed(4, t + 1, cpu * (1 + 0.03 * random.nextGaussian()), listener);
  }

  private int normal(int from, int count) {
    for (int i = from; i < from + count; i++) {
      boolean busy = random.nextBoolean();
      step(i, busy ? 900 : 100, busy ? 0.8 : 0.1);
    }
    return from + count;
  }

  @Test
  void trainsInTheBackgroundThenFlagsANewCombinationOnly() {
    int i = normal(0, 200);
    assertTrue(entity.trained());
    assertEquals(List.of(), listener.events(), "usual combinations");
    for (int k = 0; k < 5; k++) {
      step(i++, 100, 0.8); // quiet traffic at busy CPU
    }
    normal(i, 20);
    assertEquals(List.of("open checkout @" + (201 * STEP + 1) / 1000, "close 1"), listener.events());
  }

  @Test
  void silencedAnomalyIsReportedWithItsOpeningTimeOnSpeak() {
    int i = normal(0, 200);
    entity.reporter.silence();
    for (int k = 0; k < 5; k++) {
      step(i++, 100, 0.8);
    }
    assertEquals(List.of(), listener.events());
    entity.reporter.speak(listener);
    assertEquals(List.of("open checkout @" + (201 * STEP + 1) / 1000), listener.events());
  }

  @Test
  void aFeatureThatStopsIsDroppedAndScoringGoesOnWithTheOthers() {
    int i = normal(0, 200);
    long before = entity.vectors();
    for (int k = 0; k < 150; k++, i++) { // only request rate and latency from now on
      entity.feed(3, T0 + i * STEP, 100 * (1 + 0.03 * random.nextGaussian()), listener);
      entity.feed(1, T0 + i * STEP + 1, 0.05 * (1 + 0.03 * random.nextGaussian()), listener);
    }
    assertTrue(entity.vectors() > before + 140, "vectors keep coming: " + (entity.vectors() - before));
    assertTrue(entity.trained(), "a model for the remaining features");
  }
}
