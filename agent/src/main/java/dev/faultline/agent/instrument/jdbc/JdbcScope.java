package dev.faultline.agent.instrument.jdbc;

import dev.faultline.agent.instrument.record.EdgeStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;

/** One outermost {@code execute*} call; reused per thread, not thread-safe. An exception makes it an error. */
final class JdbcScope {

  private EdgeStats edge;
  private String callee;
  private long startNanos;

  void start(EdgeStats edge, String callee, long nowNanos) {
    this.edge = edge;
    this.callee = callee;
    this.startNanos = nowNanos;
  }

  void end(IntervalRecorder recorder, Throwable thrown, long nowNanos) {
    EdgeStats stats = edge;
    edge = null;
    if (stats == null) {
      return;
    }
    stats.record(nowNanos - startNanos, thrown != null);
    if (thrown != null) {
      recorder.exception(thrown, callee);
    }
  }
}
