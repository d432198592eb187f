package dev.faultline.collector.perf.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.HistorySource;
import dev.faultline.collector.perf.ParameterAssert;
import dev.faultline.collector.perf.PerfModelRegistry;
import dev.faultline.collector.perf.PerfTestData;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.perf.ServicePerfModel;
import dev.faultline.collector.perf.model.GradientBoostedTrees;
import dev.faultline.collector.perf.model.LatencyModelFitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PerfModelTrainerTest {

  private static final ServiceHistory HISTORY =
      PerfTestData.history(PerfTestData.cpuBound(), 300, PerfTestData.wandering(200, 1), 1);
  private static final ServiceHistory A =
      PerfTestData.history("a", PerfTestData.cpuBound(), 300, PerfTestData.wandering(200, 2), 2);
  private static final ServiceHistory B =
      PerfTestData.history("b", PerfTestData.dbBound(), 300, PerfTestData.wandering(150, 3), 3);
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(42_000), ZoneOffset.UTC);

  @Test
  void trainsOnItsOwnLowPriorityDaemonThreadAndPublishes() throws Exception {
    RecordingSource source = new RecordingSource(Map.of("svc", HISTORY), 0);
    PerfModelRegistry registry = new PerfModelRegistry();
    try (PerfModelTrainer trainer = trainer(config(1000, Duration.ofSeconds(30), 1.0), source, registry,
        System::nanoTime)) {
      Optional<ServicePerfModel> model = trainer.trainNow("svc").get(30, TimeUnit.SECONDS);

      assertTrue(model.isPresent());
      Thread t = source.threads.get("svc");
      assertEquals(PerfModelTrainer.THREAD_NAME, t.getName());
      assertNotEquals(Thread.currentThread(), t);
      assertEquals(Thread.MIN_PRIORITY, t.getPriority());
      assertTrue(t.isDaemon());
      assertEquals(42_000L, registry.get("svc").orElseThrow().model().summary().trainedAtMillis());
      assertEquals(1, trainer.stats().trained());
    }
  }

  @Test
  void usesOnlyTheLatestRowsOfTheRowBudget() throws Exception {
    PerfModelRegistry registry = new PerfModelRegistry();
    try (PerfModelTrainer trainer = trainer(config(100, Duration.ofSeconds(30), 1.0),
        new RecordingSource(Map.of("svc", HISTORY), 0), registry, System::nanoTime)) {
      ServicePerfModel model = trainer.trainNow("svc").get(30, TimeUnit.SECONDS).orElseThrow();

      assertEquals(100, model.summary().trainingRows());
      assertEquals(HISTORY.timestampMillis(299),
          registry.get("svc").orElseThrow().history().timestampMillis(99));
    }
  }

  @Test
  void stopsBoostingWhenTheTimeBudgetIsSpent() throws Exception {
    // A clock that advances 1 ms per reading: a 20 ms budget allows only a few trees of the 5000 requested.
    AtomicLong fakeNanos = new AtomicLong();
    LatencyModelFitter.Config heavy = new LatencyModelFitter.Config(0.2, new double[] {1},
        new GradientBoostedTrees.Params(5000, 0.1, 3, 5, 0.8, 1), 30, 0.05, 0.95);
    TrainerConfig config = new TrainerConfig(Duration.ofHours(1), 1000, Duration.ofMillis(20), 1.0, heavy);
    try (PerfModelTrainer trainer = trainer(config, new RecordingSource(Map.of("svc", HISTORY), 0),
        new PerfModelRegistry(), () -> fakeNanos.addAndGet(1_000_000))) {
      long start = System.nanoTime();
      ServicePerfModel model = trainer.trainNow("svc").get(30, TimeUnit.SECONDS).orElseThrow();

      assertTrue(model.summary().budgetExhausted());
      assertEquals(1, trainer.stats().budgetExhausted());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "5000 trees were not all built");
    }
  }

  @Test
  void idlesAfterEachTrainingToKeepItsCpuShare() throws Exception {
    // Reading the history takes 300 ms of (simulated) work; at a 50% share the thread then idles about as long.
    RecordingSource source = new RecordingSource(Map.of("a", A, "b", B), 300);
    try (PerfModelTrainer trainer = trainer(config(1000, Duration.ofSeconds(30), 0.5), source,
        new PerfModelRegistry(), System::nanoTime)) {
      var first = trainer.trainNow("a");
      var second = trainer.trainNow("b");
      first.get(30, TimeUnit.SECONDS);
      long firstDone = System.nanoTime();
      second.get(30, TimeUnit.SECONDS);

      long firstBusy = source.endNanos.get("a") - source.startNanos.get("a");
      long gap = source.startNanos.get("b") - firstDone;
      assertTrue(gap >= 0.9 * firstBusy, "idle " + gap / 1e6 + " ms after " + firstBusy / 1e6 + " ms busy");
    }
  }

  @Test
  void skipsShortHistoriesAndSurvivesFailures() throws Exception {
    ServiceHistory shortHistory = HISTORY.lastRows(10);
    RecordingSource source = new RecordingSource(Map.of("short", shortHistory, "svc", HISTORY), 0);
    try (PerfModelTrainer trainer = trainer(config(1000, Duration.ofSeconds(30), 1.0), source,
        new PerfModelRegistry(), System::nanoTime)) {
      assertFalse(trainer.trainNow("short").get(30, TimeUnit.SECONDS).isPresent());
      assertFalse(trainer.trainNow("broken").get(30, TimeUnit.SECONDS).isPresent());
      assertTrue(trainer.trainNow("svc").get(30, TimeUnit.SECONDS).isPresent());

      PerfModelTrainer.Stats stats = trainer.stats();
      assertEquals(1, stats.skipped());
      assertEquals(1, stats.failed());
      assertEquals(1, stats.trained());
    }
  }

  @Test
  void periodicRefreshPublishesEveryService() throws Exception {
    PerfModelRegistry registry = new PerfModelRegistry();
    try (PerfModelTrainer trainer = trainer(config(1000, Duration.ofSeconds(30), 1.0),
        new RecordingSource(Map.of("a", A, "b", B), 0), registry, System::nanoTime)) {
      trainer.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (registry.services().size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertEquals(List.of("a", "b"), registry.services());
    }
  }

  @Test
  void refusesAHistoryOfAnotherService() throws Exception {
    try (PerfModelTrainer trainer = trainer(config(1000, Duration.ofSeconds(30), 1.0),
        new RecordingSource(Map.of("other", HISTORY), 0), new PerfModelRegistry(), System::nanoTime)) {
      assertFalse(trainer.trainNow("other").get(30, TimeUnit.SECONDS).isPresent());
      assertEquals(1, trainer.stats().failed());
    }
  }

  @Test
  void trainingRequestedAfterCloseFails() {
    PerfModelTrainer trainer = trainer(config(1000, Duration.ofSeconds(30), 1.0),
        new RecordingSource(Map.of("svc", HISTORY), 0), new PerfModelRegistry(), System::nanoTime);
    trainer.close();

    assertTrue(trainer.trainNow("svc").isCompletedExceptionally());
  }

  @Test
  void rejectsBadBoundsNamingThem() {
    LatencyModelFitter.Config f = PerfTestData.FAST;
    ParameterAssert.assertMessage("refreshPeriod", () -> new TrainerConfig(Duration.ZERO, 100, Duration.ofSeconds(1),
        0.5, f));
    ParameterAssert.assertMessage("maxRows", () -> new TrainerConfig(Duration.ofMinutes(1), 5, Duration.ofSeconds(1),
        0.5, f));
    ParameterAssert.assertMessage("timeBudgetPerModel", () -> new TrainerConfig(Duration.ofMinutes(1), 100,
        Duration.ZERO, 0.5, f));
    ParameterAssert.assertMessage("cpuShare", () -> new TrainerConfig(Duration.ofMinutes(1), 100,
        Duration.ofSeconds(1), 0, f));
  }

  private static TrainerConfig config(int maxRows, Duration budget, double cpuShare) {
    return new TrainerConfig(Duration.ofHours(1), maxRows, budget, cpuShare, PerfTestData.FAST);
  }

  private static PerfModelTrainer trainer(TrainerConfig config, HistorySource source, PerfModelRegistry registry,
      java.util.function.LongSupplier nanoTime) {
    return new PerfModelTrainer(config, source, registry, CLOCK, nanoTime);
  }

  /** Serves fixed histories, records the calling thread and times, optionally "works" for a while; unknown throws. */
  private static final class RecordingSource implements HistorySource {
    final Map<String, ServiceHistory> histories;
    final long workMillis;
    final Map<String, Thread> threads = new ConcurrentHashMap<>();
    final Map<String, Long> startNanos = new ConcurrentHashMap<>();
    final Map<String, Long> endNanos = new ConcurrentHashMap<>();

    RecordingSource(Map<String, ServiceHistory> histories, long workMillis) {
      this.histories = histories;
      this.workMillis = workMillis;
    }

    @Override
    public Set<String> services() {
      return histories.keySet();
    }

    @Override
    public Optional<ServiceHistory> history(String service) {
      startNanos.put(service, System.nanoTime());
      threads.put(service, Thread.currentThread());
      if (!histories.containsKey(service)) {
        throw new IllegalStateException("store unavailable for " + service);
      }
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(workMillis);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      endNanos.put(service, System.nanoTime());
      return Optional.of(histories.get(service));
    }
  }
}
