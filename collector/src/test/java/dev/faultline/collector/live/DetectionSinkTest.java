package dev.faultline.collector.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class DetectionSinkTest {

  private static final long T0 = 1_795_000_000_000L;

  /** Records transitions. */
  static final class RecordingListener implements AnomalyListener {
    final List<String> events = new ArrayList<>();
    long next = 1;

    @Override
    public synchronized long opened(SeriesKey series, long timeMillis, double score) {
      events.add("open " + series.service() + " @" + (timeMillis - T0) / 1000);
      return next++;
    }

    @Override
    public synchronized void closed(long id, long timeMillis, double peakScore) {
      events.add("close " + id);
    }

    synchronized List<String> events() {
      return List.copyOf(events);
    }
  }

  /** An alert opened within 10 points (100 s) of the jump at point 300 (3000 s). */
  private static boolean openedAtJump(List<String> events, String service) {
    return events.stream().filter(e -> e.startsWith("open " + service + " @"))
        .mapToLong(e -> Long.parseLong(e.substring(e.indexOf('@') + 1)))
        .anyMatch(t -> t >= 3000 && t <= 3100);
  }

  /** Running totals whose increase per 10 s point is {@code perPoint}, times {@code factor} from point 300. */
  private static double[] counterTotals(double perPoint, double factor) {
    double[] increases = Batches.stepSeries(300, 60, perPoint, factor, 3);
    double[] totals = new double[increases.length];
    double total = 0;
    for (int i = 0; i < totals.length; i++) {
      total += increases[i];
      totals[i] = total;
    }
    return totals;
  }

  private static List<String> detect(SeriesRef ref, double[] values) throws Exception {
    RecordingListener listener = new RecordingListener();
    try (DetectionSink sink = new DetectionSink(LiveConfig.defaults(), listener, b -> { }).start()) {
      sink.accept(Batches.batch(ref, T0, 10_000, values));
      assertTrue(sink.awaitIdle(10, TimeUnit.SECONDS));
      return listener.events();
    }
  }

  @Test
  void countersAreScoredByTheirIncreaseNotTheirGrowingTotal() throws Exception {
    SeriesKey key = Batches.ref("jvm_gc_collections_total", "payments", "node-3").key();
    SeriesRef counter = new SeriesRef(key, "counter", "collections");
    SeriesRef sameValuesAsGauge = new SeriesRef(key, "gauge", "collections");
    assertTrue(opensBefore(detect(sameValuesAsGauge, counterTotals(5, 1)), 3000),
        "scored as a gauge, an ever-growing total looks new");
    List<String> steady = detect(counter, counterTotals(5, 1));
    assertTrue(!opensBefore(steady, 3000), "a steady rate is normal: " + steady);
    assertTrue(openedAtJump(detect(counter, counterTotals(5, 8)), "payments"), "a rate eight times higher is not");
  }

  private static boolean opensBefore(List<String> events, long seconds) {
    return events.stream().filter(e -> e.startsWith("open "))
        .anyMatch(e -> Long.parseLong(e.substring(e.indexOf('@') + 1)) < seconds);
  }

  @Test
  void batchWithJumpOpensAnAnomalyOnTheWorker() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (DetectionSink sink = new DetectionSink(LiveConfig.defaults(), listener, b -> { }).start()) {
      SeriesRef ref = Batches.ref("latency_p99_seconds", "payments", "node-3");
      sink.accept(Batches.batch(ref, T0, 10_000, Batches.stepSeries(300, 30, 0.2, 8, 1)));
      assertTrue(sink.awaitIdle(10, TimeUnit.SECONDS));
      List<String> events = listener.events();
      assertTrue(openedAtJump(events, "payments"), events.toString());
      assertEquals(330, sink.samplesDetected());
    }
  }

  @Test
  void newRulesCloseOpenAnomaliesAndRebuildDetectors() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (DetectionSink sink = new DetectionSink(LiveConfig.defaults(), listener, b -> { }).start()) {
      SeriesRef ref = Batches.ref("latency_p99_seconds", "payments", "node-3");
      sink.accept(Batches.batch(ref, T0, 10_000, Batches.stepSeries(300, 5, 0.2, 8, 1)));
      assertTrue(sink.awaitIdle(10, TimeUnit.SECONDS));
      assertTrue(openedAtJump(listener.events(), "payments"), listener.events().toString());
      int before = listener.events().size();
      sink.reconfigure(dev.faultline.collector.detect.config.DetectionConfig.empty());
      sink.accept(Batches.batch(ref, T0 + 305 * 10_000L, 10_000, new double[] {1.6}));
      assertTrue(sink.awaitIdle(10, TimeUnit.SECONDS));
      assertTrue(listener.events().subList(before, listener.events().size()).stream()
          .anyMatch(e -> e.startsWith("close")), "the open anomaly is closed on reconfigure: " + listener.events());
    }
  }

  @Test
  void fullQueueDropsAndCountsWithoutBlocking() {
    // not started: nothing drains the queue of 2
    DetectionSink sink = new DetectionSink(LiveConfig.defaults().withQueue(true, 1, 2), new RecordingListener(),
        b -> { });
    SeriesRef ref = Batches.ref("latency_p99_seconds", "payments", "node-3");
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      sink.accept(Batches.batch(ref, T0 + i, 1, new double[] {1}));
    }
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "accept must not block");
    assertEquals(3, sink.droppedBatches());
    sink.close();
  }

  @Test
  void seriesAreSplitAcrossWorkersByKey() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (DetectionSink sink = new DetectionSink(LiveConfig.defaults().withQueue(true, 3, 16), listener, b -> { })
        .start()) {
      for (String service : List.of("a", "b", "c", "d")) {
        sink.accept(Batches.batch(Batches.ref("latency_p99_seconds", service, "h"), T0, 10_000,
            Batches.stepSeries(300, 30, 0.2, 8, service.hashCode())));
      }
      assertTrue(sink.awaitIdle(10, TimeUnit.SECONDS));
      assertEquals(4 * 330, sink.samplesDetected(), "each sample detected exactly once");
      for (String service : List.of("a", "b", "c", "d")) {
        assertTrue(openedAtJump(listener.events(), service), listener.events().toString());
      }
    }
  }

  @Test
  void anEntitysMainSeriesShareAShardWhileLabelledSeriesSpread() {
    SeriesKey rate = SeriesKey.of("request_rate", java.util.Map.of(), "checkout", "checkout-1", "web-1");
    SeriesKey cpu = SeriesKey.of("cpu_usage_ratio", java.util.Map.of(), "checkout", "checkout-1", "web-1");
    assertEquals(SeriesRef.shardHash(rate), SeriesRef.shardHash(cpu), "one entity detector sees both");
    long shards = java.util.stream.IntStream.range(0, 64)
        .map(i -> Math.floorMod(SeriesRef.shardHash(SeriesKey.of("request_rate", java.util.Map.of("endpoint", "/e" + i),
            "checkout", "checkout-1", "web-1")), 4))
        .distinct().count();
    assertEquals(4, shards, "an instance's endpoints spread over all workers");
  }
}
