package dev.faultline.collector.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class WorkerPoolTest {

  /** Runs {@code requests} requests at once through {@code work}; returns the most that ran their CPU part at once. */
  private static int mostAtOnce(WorkerPool work, int requests) throws Exception {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(requests);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        done.add(callers.submit(() -> {
          work.run(() -> {
            most.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            active.decrementAndGet();
          });
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return most.get();
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void requestsBeyondTheWorkersQueueForOne() throws Exception {
    try (WorkerPool work = new WorkerPool(2, 10)) {
      long start = System.nanoTime();
      int most = mostAtOnce(work, 8);
      double millis = (System.nanoTime() - start) / 1e6;
      assertTrue(most >= 1 && most <= 2, "at most 2 at once, got " + most);
      // 8 requests on 2 workers: 4 rounds of at least the wait's 5 ms floor plus the 20 ms of work each.
      assertTrue(millis >= 4 * 25, "queued, not run in parallel: " + millis + " ms");
    }
  }

  @Test
  void withoutWorkersTheWorkRunsOnTheCallersThreadUnbounded() throws Exception {
    try (WorkerPool work = new WorkerPool(0, 0)) {
      assertEquals(0, work.workers());
      CountDownLatch allIn = new CountDownLatch(6);
      ExecutorService callers = Executors.newFixedThreadPool(6);
      try {
        List<Future<Boolean>> met = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          met.add(callers.submit(() -> {
            boolean[] together = new boolean[1];
            work.run(() -> {
              allIn.countDown();
              try {
                together[0] = allIn.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
            return together[0];
          }));
        }
        for (Future<Boolean> f : met) {
          assertTrue(f.get(), "all six ran their work at the same time");
        }
      } finally {
        callers.shutdownNow();
      }
    }
  }

  @Test
  void badSettingsAreRejectedWithTheirValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkerPool(-1, 5));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new WorkerPool(2, Double.NaN));
  }
}
