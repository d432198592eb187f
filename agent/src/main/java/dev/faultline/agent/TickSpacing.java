package dev.faultline.agent;

import java.time.Duration;

/**
 * Lets the runs of a fixed-rate collection schedule through at most about once per interval. Why: after the
 * collection thread was held up (a GC pause, a starved CPU, a stopped process) a fixed-rate executor runs every missed
 * run back to back, and those read the same values within a millisecond or two, often the same one. The collector
 * keeps one point per series and timestamp, so it acknowledged such batches and then skipped their samples as not
 * newer: an acknowledged batch without its points (BENCHMARKS.md "Durability: ..."). A run less than half an
 * interval after the last one let through is skipped; the schedule keeps its grid, and the next run reports the whole
 * time since (instrumentation is drained then). Not thread-safe: the collection thread only.
 */
final class TickSpacing {

  private final long minNanos;
  private long lastNanos;
  private boolean started;

  TickSpacing(Duration interval) {
    this.minNanos = interval.toNanos() / 2;
  }

  /** Whether the run at {@code nanoTime} ({@link System#nanoTime}: steps of the wall clock do not matter) goes on. */
  boolean admit(long nanoTime) {
    if (started && nanoTime - lastNanos < minNanos) {
      return false;
    }
    started = true;
    lastNanos = nanoTime;
    return true;
  }
}
