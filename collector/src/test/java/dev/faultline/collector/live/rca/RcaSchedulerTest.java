package dev.faultline.collector.live.rca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.incident.RootCauseAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When incidents are analysed: at once, again as they grow (debounced), periodically while open; off-thread. */
@Timeout(20)
class RcaSchedulerTest {

  private final Map<String, Incident> incidents = new ConcurrentHashMap<>();
  private final List<String> runs = new CopyOnWriteArrayList<>();
  private final List<RootCauseAnalysis> results = new CopyOnWriteArrayList<>();

  private static Incident incident(String id, int seriesCount) {
    List<String> series = new ArrayList<>();
    for (int i = 0; i < seriesCount; i++) {
      series.add("latency{service=\"s" + i + "\"}");
    }
    return new Incident(id, Incident.OPEN, "t", 0, 0, null, List.of("s"), List.of(), series, List.of(), List.of(), 0,
        List.of());
  }

  private RcaScheduler scheduler(Duration debounce, Duration refresh, Function<Incident, RootCauseAnalysis> analyzer) {
    return new RcaScheduler(RcaConfig.defaults().withTimings(debounce, refresh), incidents::get, i -> {
      runs.add(Thread.currentThread().getName() + " " + i.id() + " " + i.series().size());
      return analyzer.apply(i);
    }, (id, r) -> results.add(r), System::nanoTime);
  }

  private static RootCauseAnalysis ranked(Incident i) {
    return new RootCauseAnalysis(RootCauseAnalysis.RANKED, 1, 0, null, List.of(), List.of(), "");
  }

  private void change(RcaScheduler s, Incident i) {
    incidents.put(i.id(), i);
    s.changed(i);
  }

  @Test
  void aBurstOfAnomaliesCostsTwoRunsAndTheLastOneSeesThemAll() throws Exception {
    try (RcaScheduler s = scheduler(Duration.ofMillis(400), Duration.ofMinutes(5), RcaSchedulerTest::ranked)) {
      change(s, incident("inc-1", 1));
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      for (int n = 2; n <= 6; n++) {
        change(s, incident("inc-1", n));
      }
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      assertEquals(List.of("faultline-rca inc-1 1", "faultline-rca inc-1 6"), runs, "one run at opening, one after");
      change(s, incident("inc-1", 6)); // an anomaly ending: same anomaly set
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      assertEquals(2, runs.size(), "no run for an unchanged anomaly set: " + runs);
      assertEquals(2, results.size());
    }
  }

  @Test
  void reRunsAreDebounced() throws Exception {
    try (RcaScheduler s = scheduler(Duration.ofMillis(500), Duration.ofMinutes(5), RcaSchedulerTest::ranked)) {
      long start = System.nanoTime();
      change(s, incident("inc-1", 1));
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      change(s, incident("inc-1", 2));
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500), "second run within the debounce");
      assertEquals(2, runs.size());
    }
  }

  @Test
  void openIncidentsAreRefreshedOnlyOnceAnalysed() throws Exception {
    try (RcaScheduler s = scheduler(Duration.ZERO, Duration.ofMillis(100), RcaSchedulerTest::ranked)) {
      Incident restored = incident("inc-0", 3);
      incidents.put(restored.id(), restored);
      change(s, incident("inc-1", 1));
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      Thread.sleep(150);
      s.refresh(List.of(restored, incidents.get("inc-1")));
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      assertEquals(List.of("faultline-rca inc-1 1", "faultline-rca inc-1 1"), runs,
          "refreshed once its last run is older than refresh; a restored incident keeps its stored analysis");
      s.forget("inc-1");
      Thread.sleep(150);
      s.refresh(List.of(incidents.get("inc-1")));
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      assertEquals(2, runs.size(), "a resolved (forgotten) incident is not refreshed");
    }
  }

  @Test
  void aFailingAnalysisIsReportedAsFailed() throws Exception {
    try (RcaScheduler s = scheduler(Duration.ZERO, Duration.ofMinutes(5), i -> {
      throw new IllegalStateException("boom");
    })) {
      change(s, incident("inc-1", 1));
      assertTrue(s.awaitIdle(5, TimeUnit.SECONDS));
      assertEquals(RootCauseAnalysis.FAILED, results.get(0).status());
      assertTrue(results.get(0).note().contains("boom"), results.get(0).note());
    }
  }
}
