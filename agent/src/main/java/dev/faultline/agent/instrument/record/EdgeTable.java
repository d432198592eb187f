package dev.faultline.agent.instrument.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The call-graph edges of this service: at most {@code maxEdges}, then one overflow edge per side whose callee
 * (or caller) is {@value EndpointStats#OVERFLOW}. Same open-addressing scheme as {@link EndpointTable}.
 */
final class EdgeTable {

  private final int maxEdges;
  private final AtomicReferenceArray<EdgeStats> slots;
  private final EdgeStats callerOverflow;
  private final EdgeStats calleeOverflow;
  private int size; // guarded by this

  EdgeTable(String service, int maxEdges) {
    this.maxEdges = maxEdges;
    this.slots = new AtomicReferenceArray<>(Integer.highestOneBit(Math.max(2, maxEdges) * 2 - 1) << 1);
    this.callerOverflow =
        new EdgeStats(service, EndpointStats.OVERFLOW, PeerKind.EXTERNAL, EdgeSide.CALLER, "", 0);
    this.calleeOverflow =
        new EdgeStats(EndpointStats.OVERFLOW, service, PeerKind.SERVICE, EdgeSide.CALLEE, "", 0);
  }

  EdgeStats resolve(String caller, String callee, PeerKind kind, EdgeSide side, String operation) {
    int hash = hash(caller, callee, kind, side, operation);
    int mask = slots.length() - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      EdgeStats stats = slots.get(i);
      if (stats == null) {
        return insert(caller, callee, kind, side, operation, hash);
      }
      if (stats.hash == hash && stats.matches(caller, callee, kind, side, operation)) {
        return stats;
      }
    }
  }

  private synchronized EdgeStats insert(
      String caller, String callee, PeerKind kind, EdgeSide side, String operation, int hash) {
    int mask = slots.length() - 1;
    int i = hash & mask;
    for (EdgeStats stats = slots.get(i); stats != null; stats = slots.get(i)) {
      if (stats.hash == hash && stats.matches(caller, callee, kind, side, operation)) {
        return stats;
      }
      i = (i + 1) & mask;
    }
    if (size >= maxEdges) {
      return side == EdgeSide.CALLER ? callerOverflow : calleeOverflow;
    }
    EdgeStats stats = new EdgeStats(caller, callee, kind, side, operation, hash);
    slots.set(i, stats);
    size++;
    return stats;
  }

  /** Every edge, the overflow edges last. */
  List<EdgeStats> all() {
    List<EdgeStats> all = new ArrayList<>();
    for (int i = 0; i < slots.length(); i++) {
      EdgeStats stats = slots.get(i);
      if (stats != null) {
        all.add(stats);
      }
    }
    all.add(callerOverflow);
    all.add(calleeOverflow);
    return all;
  }

  private static int hash(String caller, String callee, PeerKind kind, EdgeSide side, String operation) {
    int h = ((caller.hashCode() * 31 + callee.hashCode()) * 31 + operation.hashCode()) * 31
        + kind.ordinal() * 2 + side.ordinal();
    return h ^ (h >>> 16);
  }
}
