package dev.faultline.agent.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the agent's start-up time goes, for whoever tunes it: with {@code -Ddev.faultline.debug.startup=true} the
 * agent prints one stderr line per start-up phase (JVM uptime, the calling thread's CPU time) and the cost of the
 * classes its transformer was shown. Off by default and then free: {@link #ENABLED} is a constant the JIT folds, and
 * nothing of {@code java.lang.management} is loaded.
 *
 * <pre>
 * faultline: startup bridge injected: uptime 212 ms, thread CPU 38 ms
 * faultline: startup transformer so far: 1054 classes seen, 56 passed the pre-filter, 61 ms in byte-buddy
 * </pre>
 */
public final class StartupTrace {

  /** Whether tracing is on ({@code dev.faultline.debug.startup}); read once, when the agent starts. */
  public static final boolean ENABLED = Boolean.getBoolean("dev.faultline.debug.startup");

  private static final AtomicLong seen = new AtomicLong();
  private static final AtomicLong passed = new AtomicLong();
  private static final AtomicLong delegateNanos = new AtomicLong();

  private StartupTrace() {}

  /** Prints that {@code phase} has just ended on this thread (when enabled). */
  public static void mark(String phase) {
    if (!ENABLED) {
      return;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AgentLog.warn(String.format(Locale.ROOT, "startup %s: uptime %d ms, thread %s CPU %d ms", phase,
        ManagementFactory.getRuntimeMXBean().getUptime(), Thread.currentThread().getName(),
        threads.getCurrentThreadCpuTime() / 1_000_000));
  }

  /** Counts one class the pre-filter turned away. */
  public static void rejected() {
    seen.incrementAndGet();
  }

  /**
   * Counts one class that passed the pre-filter and took {@code nanos} ({@code cpuNanos} of CPU) in byte-buddy, and prints it with whether it
   * was {@code transformed} (when enabled): the classes that pass are few, and each one's cost is what to cut.
   */
  public static void passed(String internalName, boolean redefined, long nanos, long cpuNanos,
      boolean transformed) {
    seen.incrementAndGet();
    passed.incrementAndGet();
    delegateNanos.addAndGet(nanos);
    AgentLog.warn(String.format(Locale.ROOT, "startup byte-buddy %.2f ms (CPU %.2f ms) for %s%s%s on %s",
        nanos / 1e6, cpuNanos / 1e6, internalName, redefined ? " (loaded before)" : "", transformed ? ", transformed" : "",
        Thread.currentThread().getName()));
  }

  /** This thread's CPU time in nanoseconds. */
  public static long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Prints the transformer's counts so far (when enabled). */
  public static void summary(String when) {
    if (!ENABLED) {
      return;
    }
    mark(when);
    AgentLog.warn(String.format(Locale.ROOT,
        "startup transformer %s: %d classes seen, %d passed the pre-filter, %d ms in byte-buddy", when, seen.get(),
        passed.get(), delegateNanos.get() / 1_000_000));
  }
}
