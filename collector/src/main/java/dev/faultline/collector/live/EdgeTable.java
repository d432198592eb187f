package dev.faultline.collector.live;

import dev.faultline.collector.incident.EntityRelation;
import dev.faultline.proto.v1.EdgeSide;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.PeerKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The call graph as agents report it ({@link EdgeStats}): per caller/callee pair the last report's calls, errors
 * and rate. Both ends of a call may report it (the caller around its outbound call, the callee naming its caller
 * from the propagated header); the caller's view is authoritative once seen, and a rate is always computed between
 * two reports of the same side, since the two sides report at unrelated moments. Edges not reported for {@code ttlMillis} (by the receive clock) are dropped by {@link #expire}, so the
 * graph follows deployments. Also the {@link EntityRelation} of the incident grouper. Bounded by {@code maxEdges}
 * (new edges beyond it are ignored). Thread-safe (synchronized).
 */
public final class EdgeTable implements EntityRelation {

  private final long ttlMillis;
  private final int maxEdges;
  private final Map<String, Edge> edges = new LinkedHashMap<>();
  /** Data time of the last report per edge and side, for rates. */
  private final Map<String, Long> lastReportBySide = new HashMap<>();
  /** Edges whose caller reported them: callee-side reports then only keep them alive. */
  private final Set<String> seenByCaller = new HashSet<>();

  public EdgeTable(long ttlMillis, int maxEdges) {
    this.ttlMillis = ttlMillis;
    this.maxEdges = maxEdges;
  }

  /** Records reports received at {@code nowMillis}; returns true when an edge appeared. */
  public synchronized boolean record(List<EdgeStats> reports, long nowMillis) {
    boolean added = false;
    for (EdgeStats r : reports) {
      if (r.getCaller().isEmpty() || r.getCallee().isEmpty()) {
        continue;
      }
      String k = r.getCaller() + "\u0000" + r.getCallee();
      Edge old = edges.get(k);
      if (old == null && edges.size() >= maxEdges) {
        continue;
      }
      boolean callerSide = r.getSide() != EdgeSide.EDGE_SIDE_CALLEE;
      Long previous = lastReportBySide.put(k + "\u0000" + callerSide, r.getTimestampUnixMs());
      if (old != null && !callerSide && seenByCaller.contains(k)) {
        edges.put(k, new Edge(old.caller(), old.callee(), old.calleeKind(), old.calls(), old.errors(),
            old.callsPerSecond(), old.latencyP99Seconds(), old.dataMillis(), nowMillis));
        continue;
      }
      if (callerSide) {
        seenByCaller.add(k);
      }
      double rate = Double.NaN;
      if (previous != null && r.getTimestampUnixMs() > previous) {
        rate = r.getCalls() * 1000.0 / (r.getTimestampUnixMs() - previous);
      }
      edges.put(k, new Edge(r.getCaller(), r.getCallee(), kind(r.getCalleeKind()), r.getCalls(), r.getErrors(),
          rate, EdgeLatency.p99Seconds(r.getLatency()), r.getTimestampUnixMs(), nowMillis));
      added |= old == null;
    }
    return added;
  }

  /** Drops edges last reported before {@code nowMillis - ttl}; returns true when any was dropped. */
  public synchronized boolean expire(long nowMillis) {
    boolean dropped = edges.values().removeIf(e -> nowMillis - e.receivedMillis > ttlMillis);
    if (dropped) {
      seenByCaller.retainAll(edges.keySet());
      lastReportBySide.keySet().removeIf(sk -> !edges.containsKey(sk.substring(0, sk.lastIndexOf('\u0000'))));
    }
    return dropped;
  }

  /** Every edge with whether its caller reported it, for a state snapshot. */
  public synchronized List<SavedEdge> saved() {
    List<SavedEdge> out = new ArrayList<>(edges.size());
    edges.forEach((k, e) -> out.add(new SavedEdge(e, seenByCaller.contains(k))));
    return out;
  }

  /**
   * Puts back an edge from a state snapshot (before any report of this run; bounded by {@code maxEdges} like
   * reports). Its receive time is kept, so {@link #expire} ages it out as if there had been no restart; the side
   * that last reported it gets its data time back, so the next report of that side yields a rate again.
   */
  public synchronized void restore(SavedEdge saved) {
    Edge e = saved.edge();
    String k = e.caller() + "\u0000" + e.callee();
    if (!edges.containsKey(k) && edges.size() >= maxEdges) {
      return;
    }
    edges.put(k, e);
    if (saved.reportedByCaller()) {
      seenByCaller.add(k);
    }
    lastReportBySide.put(k + "\u0000" + saved.reportedByCaller(), e.dataMillis());
  }

  /**
   * Records reports replayed from the write-ahead log after a restart: each counts as received at its own data
   * time (the receive time of a logged batch is not kept with it), so old ones age out by the usual TTL.
   */
  public synchronized void replay(List<EdgeStats> reports) {
    for (EdgeStats r : reports) {
      Edge restored = edges.get(r.getCaller() + "\u0000" + r.getCallee());
      if (restored != null && r.getTimestampUnixMs() <= restored.dataMillis()) {
        continue; // applied while the snapshot was taken: the snapshot holds it or a newer report
      }
      // and the receive time of a restored edge must not move backwards
      record(List.of(r), restored == null ? r.getTimestampUnixMs()
          : Math.max(r.getTimestampUnixMs(), restored.receivedMillis()));
    }
  }

  public synchronized List<Edge> edges() {
    return new ArrayList<>(edges.values());
  }

  @Override
  public synchronized boolean neighbours(String a, String b) {
    return edges.containsKey(a + "\u0000" + b) || edges.containsKey(b + "\u0000" + a);
  }

  private static String kind(PeerKind k) {
    return switch (k) {
      case PEER_KIND_DATABASE -> "database";
      case PEER_KIND_EXTERNAL -> "external";
      default -> "service";
    };
  }

  /** An edge as a state snapshot keeps it: whether its caller reported it decides which side updates it. */
  public record SavedEdge(Edge edge, boolean reportedByCaller) {}

  /**
   * One edge: the last report.
   *
   * @param calleeKind service, database or external
   * @param callsPerSecond NaN until two reports arrived
   * @param latencyP99Seconds p99 call latency of the last report, NaN when it carried no latency histogram
   */
  public record Edge(String caller, String callee, String calleeKind, long calls, long errors, double callsPerSecond,
      double latencyP99Seconds, long dataMillis, long receivedMillis) {

    /** errors / calls of the last report, 0 without calls. */
    public double errorRatio() {
      return calls == 0 ? 0.0 : (double) errors / calls;
    }
  }
}
