package dev.faultline.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.series.SampleBuffer;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.MetricNames;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadPoolBusyTest {

  private final SeriesRegistry registry = new SeriesRegistry();

  /** Occupies {@code busy} threads of {@code pool} until {@code release} opens; returns once they all run. */
  private static void occupy(ExecutorService pool, int busy, CountDownLatch release) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(busy);
    for (int i = 0; i < busy; i++) {
      pool.execute(() -> {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    assertTrue(running.await(10, TimeUnit.SECONDS));
  }

  private double reported(SampleBuffer out) {
    for (int i = 0; i < out.size(); i++) {
      if (registry.definitions(out.id(i), out.id(i)).get(0).getMetric().equals(MetricNames.THREAD_POOL_BUSY_RATIO)) {
        return out.value(i);
      }
    }
    return Double.NaN;
  }

  @Test
  void reportsTheBusiestBoundedPoolsMeanBusyShareAndSkipsCachedPools() throws Exception {
    ThreadPoolExecutor four = (ThreadPoolExecutor) Executors.newFixedThreadPool(4);
    ThreadPoolExecutor two = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
    ThreadPoolExecutor cached = (ThreadPoolExecutor) Executors.newCachedThreadPool();
    CountDownLatch release = new CountDownLatch(1);
    try {
      four.submit(() -> { }).get(); // a completed task: the pool serves requests
      ThreadPoolBusy busy = new ThreadPoolBusy(registry, () -> List.of(four, two, cached));
      occupy(four, 2, release);
      occupy(cached, 3, release);
      busy.sample();
      busy.sample();
      occupy(four, 2, release);
      busy.sample();
      busy.sample();
      SampleBuffer out = new SampleBuffer();
      busy.collect(out);
      // four: 0.5, 0.5, 1.0, 1.0 -> 0.75; two: 0; cached: unbounded, not a pool that can saturate.
      assertEquals(0.75, reported(out), 1e-9);

      SampleBuffer none = new SampleBuffer();
      busy.collect(none);
      assertEquals(0, none.size(), "no readings since the last report: nothing reported");
    } finally {
      release.countDown();
      four.shutdownNow();
      two.shutdownNow();
      cached.shutdownNow();
    }
  }

  @Test
  void aPoolThatCompletedNoTaskInTheIntervalIsLeftOutAsALongRunningLoop() throws Exception {
    ThreadPoolExecutor loop = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      ThreadPoolBusy busy = new ThreadPoolBusy(registry, () -> List.of(loop));
      occupy(loop, 1, release); // always busy, never completes
      busy.sample();
      busy.sample();
      SampleBuffer out = new SampleBuffer();
      busy.collect(out);
      assertEquals(0.0, reported(out), 1e-9, "a bounded pool exists but serves nothing: idle, not saturated");
    } finally {
      release.countDown();
      loop.shutdownNow();
    }
  }

  @Test
  void nothingIsReportedWithoutPools() {
    ThreadPoolBusy busy = new ThreadPoolBusy(registry, List::of);
    busy.sample();
    SampleBuffer out = new SampleBuffer();
    busy.collect(out);
    assertEquals(0, out.size());
  }
}
