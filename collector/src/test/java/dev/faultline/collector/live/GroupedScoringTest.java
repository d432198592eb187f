package dev.faultline.collector.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.detect.Detectors;
import dev.faultline.collector.detect.combine.AlertingDetector;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesRef;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker scores series in groups whose states it touches first ({@link DetectionWorker}); the anomalies must be
 * exactly those of one {@link AlertingDetector} per series fed in order, including series that appear mid-run
 * (their first sample ends a group) and series that appear twice in one batch.
 */
@Timeout(30)
class GroupedScoringTest {

  private static final long T0 = 1_795_000_000_000L;
  private static final int SERIES = 45; // more than two groups, not a multiple of the group size
  private static final int POINTS = 400;

  @Test
  void groupedScoringOpensTheAnomaliesOfOneDetectorPerSeries() throws Exception {
    List<SeriesRef> refs = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (int s = 0; s < SERIES; s++) {
      refs.add(Batches.ref("http_server_latency_p99", "svc-" + s, "host-" + s));
      values.add(Batches.stepSeries(300, POINTS - 300, 50 + s, s % 3 == 0 ? 3 : 1, s));
    }
    TreeSet<String> expected = new TreeSet<>();
    for (int s = 0; s < SERIES; s++) {
      AlertingDetector d = Detectors.forMetric("http_server_latency_p99");
      for (int i = firstPoint(s); i < POINTS; i++) {
        d.update(T0 + i * 10_000L, values.get(s)[i]);
        if (d.tracker().justOpened()) {
          expected.add("open svc-" + s + " @" + i * 10);
        }
      }
    }
    DetectionSinkTest.RecordingListener listener = new DetectionSinkTest.RecordingListener();
    try (DetectionSink sink = new DetectionSink(LiveConfig.defaults(), listener, b -> { }).start()) {
      for (int i = 0; i < POINTS; i++) {
        List<SeriesRef> batchRefs = new ArrayList<>();
        List<Double> batchValues = new ArrayList<>();
        List<Long> batchTimes = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
          if (i >= firstPoint(s)) {
            batchRefs.add(refs.get(s));
            batchValues.add(values.get(s)[i]);
            batchTimes.add(T0 + i * 10_000L);
          }
          if (s == 7 && i % 2 == 1 && i + 1 < POINTS) { // series 7 also sends its next point in this batch
            batchRefs.add(refs.get(s));
            batchValues.add(values.get(s)[i + 1]);
            batchTimes.add(T0 + (i + 1) * 10_000L);
          }
        }
        if (!(i % 2 == 0 && i > 0)) {
          sink.accept(batch(batchRefs, batchTimes, batchValues));
        } else { // series 7's point i went with the previous batch: drop its duplicate here
          int at = batchRefs.indexOf(refs.get(7));
          batchRefs.remove(at);
          batchValues.remove(at);
          batchTimes.remove(at);
          sink.accept(batch(batchRefs, batchTimes, batchValues));
        }
      }
      assertTrue(sink.awaitIdle(20, TimeUnit.SECONDS));
    }
    TreeSet<String> actual = new TreeSet<>(listener.events());
    actual.removeIf(e -> !e.startsWith("open"));
    assertTrue(expected.size() >= SERIES / 3, "the jumps open anomalies: " + expected);
    assertEquals(expected, actual);
  }

  /** Series 40 and up start late, so their first sample meets a full table of cached states mid-batch. */
  private static int firstPoint(int series) {
    return series >= 40 ? 150 : 0;
  }

  private static DecodedBatch batch(List<SeriesRef> refs, List<Long> times, List<Double> values) {
    int n = refs.size();
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (int k = 0; k < n; k++) {
      ts[k] = times.get(k);
      vs[k] = values.get(k);
    }
    AgentInfo agent = new AgentInfo("a", "svc", "svc-1", "host", 1, "jvm", "17", "0.1", 0);
    return new DecodedBatch(agent, 1, 0, n, refs.toArray(new SeriesRef[0]), ts, vs, List.of(), List.of(),
        List.of());
  }
}
