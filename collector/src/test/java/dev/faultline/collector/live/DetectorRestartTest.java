package dev.faultline.collector.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.testing.LiveScenario;
import dev.faultline.collector.testing.RunningCollector;
import dev.faultline.collector.testing.TestAgent;
import dev.faultline.collector.testing.TestFrames;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.SampleGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detector state across a real restart on the same data dir (write-ahead log on): the collector is stopped while
 * payments' latency alert is open, then started again; the detectors rebuild their state from the replayed log.
 */
@Timeout(60)
class DetectorRestartTest {

  private static final long STEP = LiveScenario.STEP_MILLIS;

  @TempDir Path dataDir;

  @Test
  void restartKeepsDetectorsWarmAndTheOpenIncidentGoing() throws Exception {
    long end = System.currentTimeMillis() - 20 * STEP;
    long jump = end - (LiveScenario.POINTS - 1 - LiveScenario.JUMP_AT) * STEP;
    Incident before;
    try (Collector first = RunningCollector.start(dataDir)) {
      LiveScenario.feed(first, end);
      before = paymentsIncident(first);
      assertTrue(before.isOpen(), before.toString());
    }
    try (Collector second = RunningCollector.start(dataDir)) {
      // the anomaly open at shutdown continues, with its original start, in the incident it was part of
      List<Anomaly> open = second.live().anomalies().list(Anomaly::isOpen);
      assertEquals(1, open.size(), open.toString());
      assertEquals("payments", open.get(0).service());
      assertTrue(open.get(0).startMillis() >= jump && open.get(0).startMillis() < end, open.toString());
      Incident after = paymentsIncident(second);
      assertEquals(before.id(), after.id());
      assertTrue(after.isOpen() && !after.openAnomalies().isEmpty(), after.toString());

      // no storm and no blindness: ten more steady points give no anomaly, then a jump on checkout is seen at
      // once (cold detectors would still be learning: their warm-up is 128 points)
      feed(second, "checkout", end + STEP, 10, 0.2, 2);
      assertEquals(1, second.live().anomalies().list(a -> true).size(), "no new anomaly on steady data");
      feed(second, "checkout", end + 11 * STEP, 10, 1.6, 3);
      List<Anomaly> checkout = second.live().anomalies().list(a -> a.service().equals("checkout"));
      assertEquals(1, checkout.size(), checkout.toString());
      assertTrue(checkout.get(0).startMillis() >= end + 11 * STEP, checkout.toString());
    }
  }

  private static Incident paymentsIncident(Collector c) {
    List<Incident> incidents = c.live().incidents().list(i -> i.services().contains("payments"));
    assertEquals(1, incidents.size(), incidents.toString());
    return incidents.get(0);
  }

  /** {@code count} points of checkout's p99 around {@code level}, every 10 s from {@code from}. */
  private static void feed(Collector c, String service, long from, int count, double level, int sequence)
      throws Exception {
    Random noise = new Random(sequence);
    MetricBatch.Builder b = MetricBatch.newBuilder().setSequence(sequence);
    for (int i = 0; i < count; i++) {
      b.addGroups(SampleGroup.newBuilder().setTimestampUnixMs(from + i * STEP).addSeriesIds(0)
          .addValues(level * (1 + 0.02 * noise.nextGaussian())));
    }
    try (TestAgent agent = TestAgent.connect(c.ingestAddress())) {
      agent.handshake(TestFrames.hello("a2-" + service, service, service + "-1", "node-" + service));
      agent.send(TestFrames.definitions("latency_p99_seconds"));
      agent.send(ClientFrame.newBuilder().setBatch(b).build());
      assertTrue(agent.read().hasAck());
    }
    assertTrue(c.live().detection().awaitIdle(10, TimeUnit.SECONDS));
  }
}
