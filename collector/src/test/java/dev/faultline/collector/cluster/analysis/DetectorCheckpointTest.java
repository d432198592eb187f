package dev.faultline.collector.cluster.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.cluster.BatchEnvelope;
import dev.faultline.collector.detect.config.DetectionConfig;
import dev.faultline.collector.live.AnalysisTimings;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.SeriesStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A partition moves after more points than its window holds: the new owner restores each series' detectors from
 * their checkpoint and replays the window's points after it, and from then on scores exactly as one uninterrupted
 * owner does: the same detector state byte for byte (a daily seasonal profile learnt over four days, a counter's
 * rate) and the same anomalies, the injected one included, and nothing else (no warm-up storm). Without the
 * checkpoint the seasonal detector, rebuilt from the 720-point window alone, has learnt less.
 */
@Timeout(60)
class DetectorCheckpointTest {

  private static final long START = 1_790_000_000_000L - 1_790_000_000_000L % 86_400_000L; // midnight UTC
  private static final long STEP = 300_000; // 5 min: 288 points a day, one per seasonal slot
  private static final int WINDOW = 720;
  private static final int CHECKPOINT_AT = 1_000; // the last checkpoint before the move
  private static final int MOVE_AT = 1_040; // the old owner dies here: 40 points after its checkpoint
  private static final int FAULT_AT = 1_100; // +60 on a daily wave of +-40, noise 2, for 6 points
  private static final int POINTS = 1_152; // four days
  private static final SeriesKey DEPTH = SeriesKey.of("queue_depth", Map.of(), "worker", "worker-1", "node-1");
  private static final SeriesKey JOBS = SeriesKey.of("jobs_total", Map.of(), "worker", "worker-1", "node-1");

  private final ExecutorService training = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    training.shutdownNow();
  }

  @Test
  void aMovedPartitionScoresExactlyAsAnUninterruptedOwner() {
    MockProcessorContext<String, byte[]> reference = context(points(), checkpoints());
    AnalyzerProcessor uninterrupted = processor();
    uninterrupted.init(reference);
    feed(uninterrupted, 0, POINTS);
    List<AnomalyMessage> expected = AnalyzerTopologyTest.anomalies(reference);
    assertFalse(expected.isEmpty(), "the reference finds the injected fault");
    for (AnomalyMessage a : expected) { // opened, maybe closed: one anomaly, the fault
      assertEquals(START + FAULT_AT * STEP, a.startMillis(), expected.toString());
      assertEquals("queue_depth", a.metric());
    }

    KeyValueStore<String, byte[]> points = points();
    KeyValueStore<String, byte[]> checkpoints = checkpoints();
    AnalyzerProcessor owner = processor();
    owner.init(context(points, checkpoints));
    feed(owner, 0, CHECKPOINT_AT);
    owner.checkpointAll();
    feed(owner, CHECKPOINT_AT, MOVE_AT);

    // the new owner: the stores as restored from their changelogs, a fresh processor
    MockProcessorContext<String, byte[]> moved = context(points, checkpoints);
    AnalyzerProcessor next = processor();
    next.init(moved);
    assertEquals(2, next.restoredSeries());
    feed(next, MOVE_AT - 10, POINTS); // 10 points re-delivered (after the last commit), then new ones
    AnalyzerProcessor sameData = processor();
    sameData.init(context(points(), checkpoints()));
    feed(sameData, 0, POINTS);
    assertArrayEquals(sameData.detectorState(DEPTH), next.detectorState(DEPTH), "seasonal state continues exactly");
    assertArrayEquals(sameData.detectorState(JOBS), next.detectorState(JOBS), "counter state continues exactly");
    assertEquals(expected, AnalyzerTopologyTest.anomalies(moved), "the same anomalies as one owner, no storm, none lost");
  }

  @Test
  void withoutACheckpointTheWindowAloneGivesOtherDetectorState() {
    KeyValueStore<String, byte[]> points = points();
    AnalyzerProcessor owner = processor();
    owner.init(context(points, checkpoints()));
    feed(owner, 0, MOVE_AT);

    MockProcessorContext<String, byte[]> moved = context(points, checkpoints()); // rebuilt from 720 points
    AnalyzerProcessor next = processor();
    next.init(moved);
    assertEquals(0, next.restoredSeries());
    feed(next, MOVE_AT, POINTS);
    AnalyzerProcessor sameData = processor();
    sameData.init(context(points(), checkpoints()));
    feed(sameData, 0, POINTS);
    assertFalse(Arrays.equals(sameData.detectorState(DEPTH), next.detectorState(DEPTH)),
        "2.5 days of points are not the four days the seasonal profile learnt from");
  }

  @Test
  void aCheckpointTheWindowNoLongerReachesIsNotUsed() {
    KeyValueStore<String, byte[]> points = points();
    KeyValueStore<String, byte[]> checkpoints = checkpoints();
    AnalyzerProcessor owner = processor();
    owner.init(context(points, checkpoints));
    feed(owner, 0, 200);
    owner.checkpointAll();
    feed(owner, 200, MOVE_AT); // 840 points later: the window starts after the checkpoint

    AnalyzerProcessor next = processor();
    next.init(context(points, checkpoints));
    assertEquals(0, next.restoredSeries(), "rebuilt from the window instead of resuming with a gap");
  }

  @Test
  void theCheckpointsAreSpreadOverTheInterval() {
    KeyValueStore<String, byte[]> checkpoints = checkpoints();
    AnalyzerProcessor owner = processor();
    MockProcessorContext<String, byte[]> ctx = context(points(), checkpoints);
    owner.init(ctx);
    feed(owner, 0, 10);
    // two series, ten ticks per interval: one series per tick, each once per interval, none while unchanged
    MockProcessorContext.CapturedPunctuator tick = ctx.scheduledPunctuators().get(0);
    tick.getPunctuator().punctuate(0);
    assertEquals(1, count(checkpoints));
    tick.getPunctuator().punctuate(1_000);
    assertEquals(2, count(checkpoints));
    byte[] before = checkpoints.get(DEPTH.id());
    tick.getPunctuator().punctuate(2_000);
    tick.getPunctuator().punctuate(3_000);
    assertArrayEquals(before, checkpoints.get(DEPTH.id()), "unchanged series are not rewritten");
    feed(owner, 10, 11);
    tick.getPunctuator().punctuate(4_000);
    tick.getPunctuator().punctuate(5_000);
    assertFalse(Arrays.equals(before, checkpoints.get(DEPTH.id())));
    DetectorCheckpoints.Saved saved = DetectorCheckpoints.decode(checkpoints.get(DEPTH.id()));
    assertEquals(11, saved.pointNumber());
    assertEquals(START + 10 * STEP, saved.upToMillis());
  }

  @Test
  void aDamagedRecordIsRefusedWithAReason() {
    DetectorCheckpoints c = new DetectorCheckpoints(checkpoints(), 1_000, 1_000);
    byte[] good = c.encode(5, 7, new byte[] {1, 2, 3});
    assertEquals(5, DetectorCheckpoints.decode(good).pointNumber());
    assertArrayEquals(new byte[] {1, 2, 3}, DetectorCheckpoints.decode(good).state());
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    assertThrows(IllegalArgumentException.class, () -> DetectorCheckpoints.decode(truncated));
    good[0] = 9;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DetectorCheckpoints.decode(good));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }

  private static int count(KeyValueStore<String, byte[]> store) {
    int n = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  private AnalyzerProcessor processor() {
    SeriesStore queryStore = new SeriesStore(Long.MAX_VALUE / 4, 1L << 28, 10_000, System::currentTimeMillis);
    DetectionConfig rules = DetectionConfig.fromMap(Map.of("rules", List.of(Map.of("pattern", "queue_depth",
        "detectors", "seasonal"))));
    return new AnalyzerProcessor(LiveConfig.defaults().withDetection(rules), training, queryStore, WINDOW, 10_000,
        Long.MAX_VALUE / 4, new AnalysisTimings());
  }

  /** Points {@code [from, to)} of both series, in batches of 12 (an hour). */
  private static void feed(AnalyzerProcessor p, int from, int to) {
    for (int b = from; b < to; b += 12) {
      p.process(new Record<>("worker", BatchEnvelope.of(batch(b, Math.min(to, b + 12)), 0).encode(), 0));
    }
  }

  private static DecodedBatch batch(int from, int to) {
    Random noise = new Random(42);
    double[] depth = new double[to];
    for (int k = 0; k < to; k++) {
      depth[k] = 100 + 40 * Math.sin(2 * Math.PI * k / 288) + 2 * noise.nextGaussian()
          + (k >= FAULT_AT && k < FAULT_AT + 6 ? 60 : 0);
    }
    SeriesRef depthRef = new SeriesRef(DEPTH, "gauge", "");
    SeriesRef jobsRef = new SeriesRef(JOBS, "counter", "");
    int n = to - from;
    SeriesRef[] refs = new SeriesRef[2 * n];
    long[] ts = new long[2 * n];
    double[] vs = new double[2 * n];
    for (int i = 0; i < n; i++) {
      int k = from + i;
      refs[2 * i] = depthRef;
      refs[2 * i + 1] = jobsRef;
      ts[2 * i] = ts[2 * i + 1] = START + k * STEP;
      vs[2 * i] = depth[k];
      vs[2 * i + 1] = 1_000.0 * k + (k % 7) * 10;
    }
    AgentInfo agent = new AgentInfo("a-worker", "worker", "worker-1", "node-1", 1, "jvm", "17", "0.1", 0);
    return new DecodedBatch(agent, from + 1, 0, 2 * n, refs, ts, vs, List.of(), List.of(), List.of());
  }

  private static KeyValueStore<String, byte[]> points() {
    return store(AnalyzerTopology.POINTS_STORE);
  }

  private static KeyValueStore<String, byte[]> checkpoints() {
    return store(AnalyzerTopology.CHECKPOINTS_STORE);
  }

  private static KeyValueStore<String, byte[]> store(String name) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled().build();
  }

  private static MockProcessorContext<String, byte[]> context(KeyValueStore<String, byte[]> points,
      KeyValueStore<String, byte[]> checkpoints) {
    MockProcessorContext<String, byte[]> ctx = new MockProcessorContext<>();
    points.init(ctx.getStateStoreContext(), points);
    checkpoints.init(ctx.getStateStoreContext(), checkpoints);
    ctx.addStateStore(points);
    ctx.addStateStore(checkpoints);
    return ctx;
  }
}
