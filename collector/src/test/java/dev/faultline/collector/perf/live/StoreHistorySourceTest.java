package dev.faultline.collector.perf.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.store.SeriesStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreHistorySourceTest {

  private static final long NOW = 1_000_000;
  private static final AgentInfo A = agent("checkout-1");
  private static final AgentInfo B = agent("checkout-2");

  private final SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 10_000, () -> NOW);
  private final StoreHistorySource source = new StoreHistorySource(store, Duration.ofHours(1), () -> NOW);

  private static AgentInfo agent(String instance) {
    return new AgentInfo("a-" + instance, "checkout", instance, "web", 1, "jvm", "17", "0.1", 0);
  }

  private void put(AgentInfo a, String metric, Map<String, String> labels, long ts, double value) {
    SeriesRef ref = new SeriesRef(SeriesKey.of(metric, labels, a.service(), a.instance(), a.host()), "gauge", "");
    store.append(new DecodedBatch(a, 1, 0, 1, new SeriesRef[] {ref}, new long[] {ts}, new double[] {value},
        List.of(), List.of(), List.of()));
  }

  private void put(AgentInfo a, String metric, long ts, double value) {
    put(a, metric, Map.of(), ts, value);
  }

  /** Rows at 10 s: instance A and B each report rate, p50, p99; cpu from both; heap only at the first row. */
  private void feed(int rows) {
    for (int i = 0; i < rows; i++) {
      long t = NOW - (rows - i) * 10_000L;
      for (AgentInfo a : List.of(A, B)) {
        boolean isA = a == A;
        put(a, "request_rate", t, isA ? 10 : 30);
        put(a, "request_rate", Map.of("endpoint", "/x"), t, 500); // per endpoint: not the service's rate
        put(a, "latency_p50_seconds", t, isA ? 0.010 : 0.020);
        put(a, "latency_p99_seconds", t, isA ? 0.100 : 0.300);
        put(a, "cpu_usage_ratio", t, isA ? 0.2 : 0.4);
      }
      if (i == 0) {
        put(A, "memory_usage_ratio", t, 0.5);
      }
    }
  }

  @Test
  void rowsSumTheRateAverageP50TakeTheWorstP99AndIgnoreEndpointSeries() {
    feed(10);
    ServiceHistory h = source.history("checkout").orElseThrow();
    assertEquals(10, h.size());
    assertEquals(40, h.requestRate(3), 1e-9);
    assertEquals(15, h.p50Millis(3), 1e-9);
    assertEquals(300, h.p99Millis(3), 1e-9);
    assertEquals(0.3, h.featureRow(3)[0], 1e-9, "cpu is the mean over instances");
  }

  @Test
  void aFeatureReportedInFewerThanHalfTheRowsIsLeftOut() {
    feed(10);
    assertEquals(List.of("cpu"), source.history("checkout").orElseThrow().features().stream()
        .map(FeatureSpec::name).toList());
  }

  @Test
  void theBusiestPoolsRatioIsAThreadsUtilisationAveragedOverInstances() {
    feed(10);
    for (int i = 0; i < 10; i++) {
      long t = NOW - (10 - i) * 10_000L;
      put(A, "thread_pool_busy_ratio", t, 0.5);
      put(B, "thread_pool_busy_ratio", t, 0.7);
    }
    ServiceHistory h = source.history("checkout").orElseThrow();
    assertEquals(List.of("cpu", "threads"), h.features().stream().map(FeatureSpec::name).toList());
    FeatureSpec threads = h.features().get(1);
    assertEquals(FeatureKind.UTILISATION, threads.kind());
    assertEquals("threads", threads.resource());
    assertEquals(0.6, h.featureRow(4)[1], 1e-9);
  }

  @Test
  void aMissingFeatureValueIsCarriedForwardAFewRowsThenTheRowIsAGap() {
    for (int i = 0; i < 10; i++) {
      long t = NOW - (10 - i) * 10_000L;
      put(A, "request_rate", t, 10);
      put(A, "latency_p50_seconds", t, 0.01);
      put(A, "latency_p99_seconds", t, 0.1);
      if (i < 6) {
        put(A, "cpu_usage_ratio", t, 0.25);
      }
    }
    ServiceHistory h = source.history("checkout").orElseThrow();
    assertEquals(6 + StoreHistorySource.MAX_CARRY_ROWS, h.size());
    assertEquals(1, h.skippedRows());
    assertEquals(0.25, h.featureRow(h.size() - 1)[0], 1e-9);
  }

  /** Caller-side series of the calls to {@code callee} in every row (p50 only in the first {@code p50Rows}). */
  private void feedCallee(String callee, double callsPerSecond, double p50Seconds, double p99Seconds, int p50Rows) {
    for (int i = 0; i < 10; i++) {
      long t = NOW - (10 - i) * 10_000L;
      for (AgentInfo a : List.of(A, B)) {
        Map<String, String> labels = Map.of("callee", callee);
        put(a, "client_call_rate", labels, t, callsPerSecond);
        if (i < p50Rows) {
          put(a, "client_latency_p50_seconds", labels, t, a == A ? p50Seconds : 3 * p50Seconds);
        }
        put(a, "client_latency_p99_seconds", labels, t, p99Seconds + 0.001 * i);
      }
    }
  }

  @Test
  void calledServicesBecomeP50AndP99LatencyFeaturesInMillisecondsNamedAfterTheCallee() {
    feed(10);
    feedCallee("payments", 5, 0.020, 0.150, 10);
    feedCallee("catalog", 40, 0.004, 0.010, 10);
    ServiceHistory h = source.history("checkout").orElseThrow();
    assertEquals(List.of("cpu", "callee:catalog", "callee:catalog:p99", "callee:payments", "callee:payments:p99"),
        h.features().stream().map(FeatureSpec::name).toList());
    FeatureSpec p99 = h.features().get(4);
    assertEquals(FeatureKind.QUANTITY, p99.kind());
    assertEquals("callee:payments", p99.resource(), "both quantiles measure the callee: one resource");
    assertEquals(40, h.featureRow(2)[3], 1e-9, "p50 in ms, mean over the caller's instances (20 and 60 ms)");
    assertEquals(152, h.featureRow(2)[4], 1e-9);
    assertEquals(10, h.size(), "the callee series do not add rows");
    assertEquals(40, h.requestRate(2), 1e-9, "nor change the service's own rate");
    assertTrue(StoreHistorySource.isCalleeFeature(p99));
    assertTrue(!StoreHistorySource.isCalleeFeature(h.features().get(0)));
  }

  @Test
  void onlyTheCalleesWithTheMostCallsAndReportedInHalfTheRowsAreKept() {
    feed(10);
    feedCallee("a", 1, 0.01, 0.02, 10);
    feedCallee("b", 2, 0.01, 0.02, 10);
    feedCallee("c", 3, 0.01, 0.02, 10);
    feedCallee("d", 4, 0.01, 0.02, 10);
    feedCallee("rare", 100, 0.01, 0.02, 4); // most calls, but latency in only 4 of 10 rows
    assertEquals(StoreHistorySource.MAX_CALLEES, 3);
    assertEquals(List.of("cpu", "callee:b", "callee:b:p99", "callee:c", "callee:c:p99", "callee:d", "callee:d:p99"),
        source.history("checkout").orElseThrow().features().stream().map(FeatureSpec::name).toList());
  }

  @Test
  void aServiceWithoutRequestRateHasNoHistory() {
    put(A, "cpu_usage_ratio", NOW - 10_000, 0.2);
    put(A, "cpu_usage_ratio", NOW - 5_000, 0.2);
    assertEquals(Set.of("checkout"), source.services());
    assertTrue(source.history("checkout").isEmpty());
    assertTrue(source.history("nobody").isEmpty());
  }
}
