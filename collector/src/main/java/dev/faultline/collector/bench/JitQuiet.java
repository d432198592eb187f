package dev.faultline.collector.bench;

import java.util.function.LongSupplier;

/**
 * Waits, while a phase's workload keeps running, until this JVM's JIT compiler threads have gone quiet, so that a
 * measured window starts where a long-running collector would be: its hot paths compiled.
 *
 * <p>Why: every end-to-end phase starts a fresh collector, and its per-read and per-burst methods (Netty's read and
 * flush path, the ack encoder, the agents' NIO loop) are called thousands of times per second, not millions as the
 * parse loop is, so with one C2 thread on two busy cores they reached C2 only in the second and third rounds (branch
 * ingest8: 60-70 first C2 compilations and 0.15-0.25 cores of JIT inside each measured end-to-end window, almost no
 * deoptimisation). A daemon pays that once after start; the bench charged it to every end-to-end window.
 */
final class JitQuiet {

  /** Length of one look at the compiler threads. */
  static final long WINDOW_MILLIS = 1000;

  /** Quiet: the compiler threads used at most this share of one core over a window. */
  static final double QUIET_CORES = 0.05;

  /** Longest wait: on a starved machine the compiler threads may never drain their queue. */
  static final long MAX_WAIT_MILLIS = 20_000;

  private final LongSupplier jitTicks;
  private final long windowMillis;
  private final double quietCores;
  private final long maxWaitMillis;

  JitQuiet() {
    this(PhaseProbe::jitTicks, WINDOW_MILLIS, QUIET_CORES, MAX_WAIT_MILLIS);
  }

  JitQuiet(LongSupplier jitTicks, long windowMillis, double quietCores, long maxWaitMillis) {
    this.jitTicks = jitTicks;
    this.windowMillis = windowMillis;
    this.quietCores = quietCores;
    this.maxWaitMillis = maxWaitMillis;
  }

  /** How long {@link #await} waited, and whether the compiler threads went quiet (false: the wait ran out). */
  record Wait(long millis, boolean quiet) {
    String describe() {
      return String.format("JIT %s after %.1f s", quiet ? "quiet" : "still busy", millis / 1000.0);
    }
  }

  /**
   * Returns once a whole window passed with the compiler threads under {@link #QUIET_CORES}, or after the longest
   * wait; at once (quiet) where their CPU cannot be read.
   */
  Wait await() throws InterruptedException {
    long start = System.nanoTime();
    long before = jitTicks.getAsLong();
    if (before < 0) {
      return new Wait(0, true);
    }
    long maxTicksPerWindow = Math.round(quietCores * windowMillis / 1000.0 * PhaseProbe.TICKS_PER_SECOND);
    while (true) {
      Thread.sleep(windowMillis);
      long now = jitTicks.getAsLong();
      long waited = (System.nanoTime() - start) / 1_000_000;
      if (now - before <= maxTicksPerWindow) {
        return new Wait(waited, true);
      }
      if (waited >= maxWaitMillis) {
        return new Wait(waited, false);
      }
      before = now;
    }
  }
}
