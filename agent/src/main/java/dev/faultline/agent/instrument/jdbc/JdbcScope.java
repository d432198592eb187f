package dev.faultline.agent.instrument.jdbc;

import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;
import java.util.Arrays;

/**
 * One outermost {@code execute*} call; reused per thread, not thread-safe. An exception makes it an error. Also
 * remembers the edges of the thread's last callee, one per operation, so that a statement on the same database
 * finds its edge by an identity check instead of hashing the edge key in the shared table.
 */
final class JdbcScope {

  private static final SqlOperation[] OPERATIONS = SqlOperation.values();

  private String lastCallee; // the instance JdbcCallees answers, compared by identity
  private final EdgeStats[] lastEdges = new EdgeStats[OPERATIONS.length];
  private EdgeStats edge;
  private String callee;
  private long startNanos;

  /** The edge of {@code callee} and {@code operation}: remembered, or resolved in {@code recorder} and kept. */
  EdgeStats edge(IntervalRecorder recorder, String service, String callee, SqlOperation operation) {
    if (callee != lastCallee) {
      Arrays.fill(lastEdges, null);
      lastCallee = callee;
    }
    EdgeStats stats = lastEdges[operation.ordinal()];
    if (stats == null) {
      stats = recorder.edge(service, callee, PeerKind.DATABASE, EdgeSide.CALLER, operation.name());
      lastEdges[operation.ordinal()] = stats;
    }
    return stats;
  }

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
