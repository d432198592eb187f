package dev.faultline.collector.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.collector.testing.TestFrames;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.SampleGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entity detectors in a real collector fed through its ingest port: checkout-1 reports request rate, CPU and p99
 * latency every 10 s, switching at random between a quiet mode (100 req/s, 10 % CPU, 50 ms) and a busy one (900
 * req/s, 80 % CPU, 200 ms). Then CPU goes busy while traffic and latency stay quiet: each value alone is one the
 * series has shown all along, only the combination is new.
 */
@Timeout(60)
class EntityDetectionTest {

  private static final long STEP = 10_000;
  private static final int NORMAL = 240;
  private static final int ODD = 8;
  private static final String[] METRICS = {"request_rate", "cpu_usage_ratio", "latency_p99_seconds"};

  @TempDir Path dataDir;

  @Test
  void unusualCombinationOfUsualValuesOpensAnEntityAnomaly() throws Exception {
    LiveConfig live = LiveConfig.defaults().withEntity(new EntitySettings(true, Duration.ofSeconds(10), 200, 60, 30));
    long t0 = System.currentTimeMillis() - (NORMAL + ODD + 5) * STEP;
    SplittableRandom random = new SplittableRandom(7);
    try (Collector collector = Collector.start(CollectorSettings.builder(config()).live(live).build());
        TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      agent.handshake(TestFrames.hello("a-checkout", "checkout", "checkout-1", "web-1"));
      agent.send(TestFrames.definitions(METRICS));
      DetectionSink detection = collector.live().detection();
      int sequence = 0;
      for (int from = 0; from < NORMAL; from += 20) {
        MetricBatch.Builder batch = MetricBatch.newBuilder().setSequence(++sequence);
        for (int i = from; i < from + 20; i++) {
          boolean busy = random.nextBoolean();
          batch.addGroups(group(t0 + i * STEP, busy ? 900 : 100, busy ? 0.8 : 0.1, busy ? 0.2 : 0.05, random));
        }
        send(agent, batch);
        // let each retraining finish before more vectors arrive, as with real 10 s reporting
        assertTrue(detection.awaitIdle(10, TimeUnit.SECONDS));
        assertTrue(detection.awaitTrainingIdle(10, TimeUnit.SECONDS));
      }
      assertEquals(List.of(), entityAnomalies(collector), "usual combinations are normal");
      long oddFrom = t0 + NORMAL * STEP;
      MetricBatch.Builder odd = MetricBatch.newBuilder().setSequence(++sequence);
      for (int i = 0; i < ODD + 2; i++) {
        boolean oddPoint = i < ODD;
        odd.addGroups(group(oddFrom + i * STEP, 100, oddPoint ? 0.8 : 0.1, 0.05, random));
      }
      send(agent, odd);
      assertTrue(detection.awaitIdle(10, TimeUnit.SECONDS));

      List<Anomaly> found = entityAnomalies(collector);
      assertEquals(1, found.size(), found.toString());
      Anomaly a = found.get(0);
      assertEquals("checkout", a.service());
      assertEquals("checkout-1", a.instance());
      assertEquals("entity_pattern{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\","
          + "detector=\"kmeans+iforest\"}", a.series());
      assertTrue(a.startMillis() >= oddFrom && a.startMillis() <= oddFrom + 3 * STEP,
          "opened within three vectors of the change: " + (a.startMillis() - oddFrom));
      assertTrue(collector.live().incidents().list(i -> true).stream()
          .anyMatch(i -> i.series().contains(a.series())), "the entity anomaly is grouped into an incident");
    }
  }

  private static List<Anomaly> entityAnomalies(Collector collector) {
    return collector.live().anomalies().list(a -> a.metric().equals(EntityFeatures.ANOMALY_METRIC));
  }

  private static SampleGroup group(long t, double rps, double cpu, double p99, SplittableRandom random) {
    return SampleGroup.newBuilder().setTimestampUnixMs(t).addSeriesIds(0).addSeriesIds(1).addSeriesIds(2)
        .addValues(rps * (1 + 0.03 * random.nextGaussian()))
        .addValues(cpu * (1 + 0.03 * random.nextGaussian()))
        .addValues(p99 * (1 + 0.03 * random.nextGaussian())).build();
  }

  private static void send(TestAgent agent, MetricBatch.Builder batch) throws Exception {
    agent.send(ClientFrame.newBuilder().setBatch(batch).build());
    assertTrue(agent.read().hasAck());
  }

  private CollectorConfig config() {
    return CollectorConfig.builder().ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0)).dataDir(dataDir).wal(false).build();
  }
}
