package dev.faultline.collector.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SeriesStoreTest {

  private static final AgentInfo JVM = new AgentInfo("a1", "checkout", "checkout-1", "web-1", 1, "jvm", "17", "0.1", 0);
  private static final AgentInfo PROBE = new AgentInfo("p1", "", "", "web-1", 2, "host_probe", "17", "0.1", 0);

  private static SeriesRef ref(String metric, AgentInfo a) {
    return new SeriesRef(SeriesKey.of(metric, Map.of(), a.service(), a.instance(), a.host()), "gauge", "");
  }

  private static DecodedBatch batch(AgentInfo agent, SeriesRef ref, long ts, double value) {
    return new DecodedBatch(agent, 1, 0, 1, new SeriesRef[] {ref}, new long[] {ts}, new double[] {value},
        List.of(), List.of(), List.of());
  }

  @Test
  void pointsOlderThanRetentionAreDroppedOnAppendAndOnSweep() {
    SeriesStore store = new SeriesStore(10_000, 1L << 30, 1000, () -> 0);
    SeriesRef r = ref("jvm_threads_live", JVM);
    for (long t = 0; t <= 20_000; t += 1000) {
      store.append(batch(JVM, r, t, t));
    }
    MemorySeries s = store.get(r.key().id());
    MemorySeries.Points p = s.read(0, Long.MAX_VALUE);
    assertEquals(10_000, p.timestamps()[0]);
    assertEquals(11, p.size());
    assertEquals(5, store.evictExpired(25_000));
    assertEquals(6, s.summary().points());
  }

  @Test
  void seriesLeftEmptyByRetentionIsRemovedAndComesBackOnItsNextSample() {
    long[] now = {0};
    SeriesStore store = new SeriesStore(10_000, 1L << 30, 1000, () -> now[0]);
    SeriesRef r = ref("jvm_threads_live", JVM);
    store.append(batch(JVM, r, 1000, 1));
    now[0] = 20_000;
    store.evictExpired(now[0]);
    assertEquals(0, store.seriesCount());
    assertTrue(store.registry().services().isEmpty());
    store.append(batch(JVM, r, 21_000, 2)); // the ref still caches the removed series
    assertEquals(1, store.seriesCount());
    assertEquals(2.0, store.get(r.key().id()).summary().lastValue());
    assertEquals(0, store.samplesSkipped());
  }

  @Test
  void seriesKeepsAtMostMaxPointsDroppingTheOldest() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 5, () -> 0);
    SeriesRef r = ref("jvm_threads_live", JVM);
    for (int t = 1; t <= 12; t++) {
      store.append(batch(JVM, r, t, t));
    }
    MemorySeries.Points p = store.get(r.key().id()).read(0, 100);
    assertArrayEquals(new long[] {8, 9, 10, 11, 12}, p.timestamps());
    assertArrayEquals(new double[] {8, 9, 10, 11, 12}, p.values());
  }

  @Test
  void memoryBudgetBecomesAPerSeriesCap() {
    long budget = 1024 * 1024;
    SeriesStore store = new SeriesStore(3_600_000, budget, 1_000_000, () -> 0);
    for (int i = 0; i < 64; i++) {
      store.append(batch(JVM, ref("m" + i, JVM), 1, 1));
    }
    assertEquals(budget / 16 / 64, store.pointCap());
  }

  @Test
  void hostMetricsFromSeveralReportersFeedOneSeries() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 100, () -> 0);
    SeriesRef fromAgent = ref("host_load1", JVM);
    SeriesRef fromProbe = ref("host_load1", PROBE);
    store.append(batch(JVM, fromAgent, 1000, 1.0));
    store.append(batch(PROBE, fromProbe, 2000, 2.0));
    store.append(batch(JVM, fromAgent, 2000, 9.0)); // same time as the probe's: not newer, skipped
    assertEquals(1, store.seriesCount());
    MemorySeries s = store.get("host_load1{host=\"web-1\"}");
    assertEquals(2, s.summary().points());
    assertEquals(2.0, s.summary().lastValue());
    assertEquals(1, store.samplesSkipped());
  }

  @Test
  void registryKnowsServicesInstancesAndHosts() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 100, () -> 1234);
    store.append(batch(JVM, ref("jvm_threads_live", JVM), 1, 1));
    store.append(batch(PROBE, ref("host_load1", PROBE), 1, 1));
    Registry.Service checkout = store.registry().services().get(0);
    assertEquals("checkout", checkout.name());
    assertEquals("checkout-1", checkout.instances().get(0).instance());
    assertEquals(1234, checkout.instances().get(0).lastSeenMillis());
    assertEquals(1, store.registry().services().size());
    assertTrue(store.registry().hosts().get(0).hasHostProbe());
  }

  @Test
  void bufferWrapsAroundAndReadsInOrder() {
    MemorySeries s = new MemorySeries(SeriesKey.of("m", Map.of(), "s", "i", "h"), "gauge", "");
    for (int t = 1; t <= 100; t++) {
      s.append(t, t, 7, Long.MAX_VALUE / 2);
    }
    assertArrayEquals(new long[] {96, 97, 98, 99, 100}, s.read(96, 200).timestamps());
    assertEquals(7, s.summary().points());
  }

  private static DecodedBatch group(AgentInfo agent, SeriesRef[] refs, long ts, double base) {
    long[] t = new long[refs.length];
    double[] v = new double[refs.length];
    for (int i = 0; i < refs.length; i++) {
      t[i] = ts;
      v[i] = base + i;
    }
    return new DecodedBatch(agent, 1, 0, refs.length, refs, t, v, List.of(), List.of(), List.of());
  }

  private static SeriesRef[] refs(int n) {
    SeriesRef[] refs = new SeriesRef[n];
    for (int i = 0; i < n; i++) {
      refs[i] = ref("m" + i, JVM);
    }
    return refs;
  }

  @Test
  void recurringGroupIsStoredAsRowsAndReadPerSeries() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 1000, () -> 0);
    SeriesRef[] group = refs(50); // the same array every batch, as the ingest's dictionary hands it out
    for (int b = 1; b <= 40; b++) {
      store.append(group(JVM, group, 1000L * b, 100.0 * b));
    }
    assertEquals(2000, store.samplesStored());
    MemorySeries m7 = store.get(group[7].key().id());
    MemorySeries.Points p = m7.read(0, Long.MAX_VALUE);
    assertEquals(40, p.size());
    for (int b = 1; b <= 40; b++) {
      assertEquals(1000L * b, p.timestamps()[b - 1]);
      assertEquals(100.0 * b + 7, p.values()[b - 1]);
    }
    assertArrayEquals(new long[] {5000, 6000}, m7.read(5000, 6000).timestamps());
    assertEquals(new MemorySeries.Summary(40, 40_000, 4007.0), m7.summary());
  }

  @Test
  void runsOfEqualTimestampsEndWhereTheTimestampChanges() {
    assertEquals(1, SeriesStore.runEnd(new long[] {5}, 0, 1));
    assertEquals(3, SeriesStore.runEnd(new long[] {5, 5, 5, 7, 7, 5}, 0, 6));
    assertEquals(5, SeriesStore.runEnd(new long[] {5, 5, 5, 7, 7, 5}, 3, 6));
    assertEquals(6, SeriesStore.runEnd(new long[] {5, 5, 5, 7, 7, 5}, 5, 6));
    assertEquals(4, SeriesStore.runEnd(new long[] {5, 5, 5, 5, 9}, 1, 4)); // only up to n, not the array's end
    long[] long1 = new long[1000];
    java.util.Arrays.fill(long1, 42);
    assertEquals(1000, SeriesStore.runEnd(long1, 0, 1000));
    long1[777] = 43;
    assertEquals(777, SeriesStore.runEnd(long1, 0, 1000));
    assertEquals(778, SeriesStore.runEnd(long1, 777, 1000));
  }

  @Test
  void aBatchOfSeveralGroupsIsStoredGroupByGroupAndRecurs() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 1000, () -> 0);
    SeriesRef[] r = refs(5);
    // groups at t, t+1 and t again (a late group): runs [0,2) [2,3) [3,5), each a row of its own block
    SeriesRef[] batchRefs = {r[0], r[1], r[2], r[3], r[4]};
    for (int b = 1; b <= 3; b++) {
      long t = 10_000L * b;
      store.append(new DecodedBatch(JVM, b, 0, 5, batchRefs, new long[] {t, t, t + 1, t, t},
          new double[] {b, b + 0.1, b + 0.2, b + 0.3, b + 0.4}, List.of(), List.of(), List.of()));
    }
    assertEquals(15, store.samplesStored());
    assertArrayEquals(new long[] {10_001, 20_001, 30_001}, store.get(r[2].key().id()).read(0, Long.MAX_VALUE).timestamps());
    MemorySeries.Points p4 = store.get(r[4].key().id()).read(0, Long.MAX_VALUE);
    assertArrayEquals(new long[] {10_000, 20_000, 30_000}, p4.timestamps());
    assertArrayEquals(new double[] {1.4, 2.4, 3.4}, p4.values(), 1e-9);
  }

  @Test
  void recurringGroupKeepsTheCapSkipsOlderRowsAndCountsThem() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 5, () -> 0);
    SeriesRef[] group = refs(3);
    for (int b = 1; b <= 30; b++) {
      store.append(group(JVM, group, b, b));
    }
    store.append(group(JVM, group, 30, -1)); // resent: not newer
    assertEquals(3, store.samplesSkipped());
    MemorySeries.Points p = store.get(group[2].key().id()).read(0, 100);
    // the cap holds per block: the first batch (before the group recurred) sits in each series' own block
    assertArrayEquals(new long[] {1, 26, 27, 28, 29, 30}, p.timestamps());
    assertArrayEquals(new double[] {3, 28, 29, 30, 31, 32}, p.values());
  }

  @Test
  void groupLeftEmptyByRetentionIsDroppedAndItsSeriesComeBack() {
    long[] now = {0};
    SeriesStore store = new SeriesStore(10_000, 1L << 30, 1000, () -> now[0]);
    SeriesRef[] group = refs(4);
    store.append(group(JVM, group, 1000, 1));
    store.append(group(JVM, group, 2000, 2));
    now[0] = 30_000;
    assertEquals(8, store.evictExpired(now[0]));
    assertEquals(0, store.seriesCount());
    store.append(group(JVM, group, 31_000, 10)); // the refs still point at the dropped block and series
    store.append(group(JVM, group, 32_000, 20));
    assertEquals(4, store.seriesCount());
    assertArrayEquals(new double[] {13, 23}, store.get(group[3].key().id()).read(0, Long.MAX_VALUE).values());
  }

  @Test
  void seriesInTwoGroupsIsReadAsOneMergedTimeline() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 1000, () -> 0);
    SeriesRef shared = ref("host_load1", JVM);
    SeriesRef[] fromAgent = {shared, ref("jvm_threads_live", JVM)};
    SeriesRef[] fromProbe = {ref("host_load1", PROBE)};
    for (int b = 1; b <= 3; b++) {
      store.append(group(JVM, fromAgent, 1000L * b, b));
      store.append(group(PROBE, fromProbe, 1000L * b + 500, 10 * b));
    }
    store.append(group(PROBE, fromProbe, 5000, 50));
    MemorySeries s = store.get("host_load1{host=\"web-1\"}");
    assertArrayEquals(new long[] {1000, 1500, 2000, 2500, 3000, 3500, 5000}, s.read(0, 10_000).timestamps());
    assertArrayEquals(new double[] {1, 10, 2, 20, 3, 30, 50}, s.read(0, 10_000).values());
    assertEquals(new MemorySeries.Summary(7, 5000, 50.0), s.summary());
  }

  @Test
  void pointBytesCountsEachSharedBlockOnce() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 1000, () -> 0);
    SeriesRef[] group = refs(100);
    store.append(group(JVM, group, 1, 1));
    long afterFirst = store.pointBytes(); // first sighting: one own block per series
    store.append(group(JVM, group, 2, 2));
    long shared = store.pointBytes() - afterFirst;
    assertTrue(shared > 0 && shared < afterFirst, "one block of 100 columns, not 100 blocks: " + shared);
  }
  @Test
  void pagesWalkTheSeriesInIdOrderFromTheCursorPerServiceOrAll() {
    SeriesStore store = new SeriesStore(3_600_000, 1L << 30, 1000, () -> 0);
    AgentInfo cart = new AgentInfo("a2", "cart", "cart-1", "web-2", 3, "jvm", "17", "0.1", 0);
    for (String m : List.of("m3", "m1", "m4", "m2")) { // created out of order
      store.append(batch(JVM, ref(m, JVM), 1, 1));
      store.append(batch(cart, ref(m, cart), 1, 1));
    }
    store.append(batch(PROBE, ref("host_cpu", PROBE), 1, 1));

    List<String> all = ids(store.page(null, null, k -> true, 100));
    assertEquals(9, all.size());
    assertEquals(all.stream().sorted().toList(), all);
    assertEquals(all, ids(store.list(k -> true)));

    List<String> firstTwo = ids(store.page("checkout", null, k -> true, 2));
    assertEquals(List.of("m1{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\"}",
        "m2{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\"}"), firstTwo);
    List<String> rest = ids(store.page("checkout", firstTwo.get(1), k -> true, 100));
    assertEquals(2, rest.size());
    assertTrue(rest.get(0).startsWith("m3{service=\"checkout\""), rest.toString());
    assertEquals(List.of(), store.page("nobody", null, k -> true, 100));
    assertEquals(List.of("host_cpu{host=\"web-1\"}"), ids(store.page("", null, k -> true, 100)));
    assertEquals(2, store.page(null, null, k -> k.metric().equals("m4"), 100).size());
  }

  @Test
  void seriesRemovedByRetentionLeaveThePagesAndComeBackWithTheirNextSample() {
    long[] now = {0};
    SeriesStore store = new SeriesStore(10_000, 1L << 30, 1000, () -> now[0]);
    SeriesRef old = ref("m_old", JVM);
    SeriesRef live = ref("m_live", JVM);
    store.append(batch(JVM, old, 1000, 1));
    now[0] = 15_000;
    store.append(batch(JVM, live, 15_000, 1));
    store.evictExpired(now[0]);
    assertEquals(List.of(live.key().id()), ids(store.page("checkout", null, k -> true, 100)));
    assertEquals(List.of(live.key().id()), ids(store.list(k -> true)));

    now[0] = 16_000;
    store.append(batch(JVM, old, 16_000, 2)); // the ref still caches the removed series
    List<MemorySeries> page = store.page("checkout", null, k -> true, 100);
    assertEquals(List.of(live.key().id(), old.key().id()), ids(page));
    assertEquals(2.0, page.get(1).summary().lastValue(), "the index holds the new series, not the removed one");
  }

  private static List<String> ids(List<MemorySeries> series) {
    return series.stream().map(s -> s.key().id()).toList();
  }
}
