package dev.faultline.collector.live;

import dev.faultline.collector.incident.EntityRelation;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.PeerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The call graph as agents report it ({@link EdgeStats}): per caller/callee pair the last report's calls, errors
 * and rate. Edges not reported for {@code ttlMillis} (by the receive clock) are dropped by {@link #expire}, so the
 * graph follows deployments. Also the {@link EntityRelation} of the incident grouper. Bounded by {@code maxEdges}
 * (new edges beyond it are ignored). Thread-safe (synchronized).
 */
public final class EdgeTable implements EntityRelation {

  private final long ttlMillis;
  private final int maxEdges;
  private final Map<String, Edge> edges = new LinkedHashMap<>();

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
      double rate = Double.NaN;
      if (old != null && r.getTimestampUnixMs() > old.dataMillis) {
        rate = r.getCalls() * 1000.0 / (r.getTimestampUnixMs() - old.dataMillis);
      }
      edges.put(k, new Edge(r.getCaller(), r.getCallee(), kind(r.getCalleeKind()), r.getCalls(), r.getErrors(),
          rate, r.getTimestampUnixMs(), nowMillis));
      added |= old == null;
    }
    return added;
  }

  /** Drops edges last reported before {@code nowMillis - ttl}; returns true when any was dropped. */
  public synchronized boolean expire(long nowMillis) {
    return edges.values().removeIf(e -> nowMillis - e.receivedMillis > ttlMillis);
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

  /**
   * One edge: the last report.
   *
   * @param calleeKind service, database or external
   * @param callsPerSecond NaN until two reports arrived
   */
  public record Edge(String caller, String callee, String calleeKind, long calls, long errors, double callsPerSecond,
      long dataMillis, long receivedMillis) {

    /** errors / calls of the last report, 0 without calls. */
    public double errorRatio() {
      return calls == 0 ? 0.0 : (double) errors / calls;
    }
  }
}
