package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class JitQuietTest {

  /** Compiler-thread ticks read in turn from {@code readings}, the last one repeated. */
  private static LongSupplier ticks(long... readings) {
    AtomicInteger next = new AtomicInteger();
    return () -> readings[Math.min(next.getAndIncrement(), readings.length - 1)];
  }

  @Test
  void waitsUntilAWholeWindowPassesWithTheCompilerThreadsUnderTheShare() throws Exception {
    // windows of 100 ms, quiet at <= 0.1 cores = 1 tick: busy (10, 10 ticks), then 1 tick, quiet
    JitQuiet.Wait wait = new JitQuiet(ticks(0, 10, 20, 21), 100, 0.1, 10_000).await();
    assertTrue(wait.quiet());
    assertTrue(wait.millis() >= 300, "three windows looked at: " + wait.millis());
    assertTrue(wait.describe().startsWith("JIT quiet after"), wait.describe());
  }

  @Test
  void aCompilerThatNeverQuietensEndsTheWaitAtItsLongest() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    LongSupplier busy = () -> 50L * reads.getAndIncrement();
    JitQuiet.Wait wait = new JitQuiet(busy, 50, 0.05, 200).await();
    assertFalse(wait.quiet());
    assertTrue(wait.millis() >= 200 && wait.millis() < 5_000, "waited " + wait.millis());
    assertTrue(wait.describe().startsWith("JIT still busy after"), wait.describe());
  }

  @Test
  void withoutProcTheWaitIsNone() throws Exception {
    JitQuiet.Wait wait = new JitQuiet(() -> -1, 1000, 0.05, 20_000).await();
    assertTrue(wait.quiet());
    assertEquals(0, wait.millis());
  }

  @Test
  void thisJvmsCompilerThreadsAreReadOnLinux() {
    if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
      assertTrue(PhaseProbe.jitTicks() >= 0);
    }
  }
}
