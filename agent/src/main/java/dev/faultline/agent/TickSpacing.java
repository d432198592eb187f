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

  private final long minMillis;
  private long lastMillis;
  private boolean started;

  TickSpacing(Duration interval) {
    this.minMillis = interval.toMillis() / 2;
  }

  /**
   * Whether the run at wall-clock {@code nowMillis} (the timestamp its batch gets, so two runs let through never share
   * a millisecond) goes on. A clock stepped back lets the run through rather than holding reports back until it
   * catches up.
   */
  boolean admit(long nowMillis) {
    long sinceLast = nowMillis - lastMillis;
    if (started && sinceLast >= 0 && sinceLast < minMillis) {
      return false;
    }
    started = true;
    lastMillis = nowMillis;
    return true;
  }
}
