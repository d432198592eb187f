package dev.faultline.agent.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThreadPoolsTest {

  // The class may be the bootstrap loader's copy (the bridge), so tests use only its public methods.
  @BeforeEach
  void on() {
    ThreadPools.setEnabled(true);
  }

  @AfterEach
  void off() {
    ThreadPools.setEnabled(false);
  }

  @Test
  void aPoolSeenTwiceIsTrackedOnceAndOtherExecutorsAreIgnored() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      ThreadPools.seen(pool);
      ThreadPools.seen(pool);
      ThreadPools.seen(ForkJoinPool.commonPool());
      ThreadPools.seen("not an executor");
      List<ThreadPoolExecutor> pools = ThreadPools.pools();
      assertEquals(1, pools.stream().filter(p -> p == pool).count());
      assertTrue(pools.stream().allMatch(p -> p instanceof ThreadPoolExecutor));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nothingIsTrackedWhileDisabled() {
    ThreadPools.setEnabled(false);
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      ThreadPools.seen(pool);
      assertTrue(ThreadPools.pools().stream().noneMatch(p -> p == pool));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void atMostMaxPoolsAreTracked() {
    for (int i = 0; i < ThreadPools.MAX_POOLS + 5; i++) {
      // Never started, so there is nothing to shut down; kept reachable by the tracker's caller below.
      ThreadPools.seen(new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>()));
    }
    assertTrue(ThreadPools.pools().size() <= ThreadPools.MAX_POOLS);
  }
}
