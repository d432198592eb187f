package dev.faultline.collector.rca.graph;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Live, time-aware topology: agents report calls and placements as they see them; {@link #snapshot(long)} keeps
 * only what was seen within the last {@code maxAgeMillis}, so edges that stop being seen age out. Time is an input
 * (the caller's clock); nothing here reads the system clock. Not thread-safe: feed it from one thread and hand the
 * immutable snapshots to the analysers.
 *
 * <pre>{@code
 * TopologyBuilder b = new TopologyBuilder(Duration.ofMinutes(10).toMillis());
 * b.observeCall("frontend", "cart", nowMillis);
 * b.observePlacement("cart", "host-1", nowMillis);
 * TopologySnapshot g = b.snapshot(nowMillis);
 * }</pre>
 */
public final class TopologyBuilder {
  private final long maxAgeMillis;
  private final Map<String, Long> nodeSeen = new TreeMap<>();
  private final Map<String, Map<String, Long>> callSeen = new TreeMap<>();
  private final Map<String, String> host = new TreeMap<>();
  private final Map<String, Long> hostSeen = new TreeMap<>();

  /** @param maxAgeMillis how long an edge, node or placement survives without being seen again; positive */
  public TopologyBuilder(long maxAgeMillis) {
    if (maxAgeMillis <= 0) {
      throw new IllegalArgumentException("maxAgeMillis must be positive, was " + maxAgeMillis);
    }
    this.maxAgeMillis = maxAgeMillis;
  }

  /** Records that {@code node} reported at {@code timeMillis}. */
  public TopologyBuilder observeNode(String node, long timeMillis) {
    nodeSeen.merge(Objects.requireNonNull(node, "node"), timeMillis, Math::max);
    return this;
  }

  /** Records a call {@code caller -> callee} seen at {@code timeMillis}. */
  public TopologyBuilder observeCall(String caller, String callee, long timeMillis) {
    observeNode(caller, timeMillis);
    observeNode(callee, timeMillis);
    callSeen.computeIfAbsent(caller, k -> new TreeMap<>()).merge(callee, timeMillis, Math::max);
    return this;
  }

  /** Records that instance {@code node} runs on {@code hostName}, as of {@code timeMillis} (latest report wins). */
  public TopologyBuilder observePlacement(String node, String hostName, long timeMillis) {
    observeNode(node, timeMillis);
    Long prev = hostSeen.get(node);
    if (prev == null || timeMillis >= prev) {
      host.put(node, Objects.requireNonNull(hostName, "hostName"));
      hostSeen.put(node, timeMillis);
    }
    return this;
  }

  /** The topology as of {@code nowMillis}: everything seen in {@code (now - maxAge, now]}. */
  public TopologySnapshot snapshot(long nowMillis) {
    long oldest = nowMillis - maxAgeMillis;
    TopologySnapshot.Builder b = TopologySnapshot.builder();
    nodeSeen.forEach((n, t) -> {
      if (t > oldest && t <= nowMillis) {
        b.node(n);
      }
    });
    callSeen.forEach((a, m) -> m.forEach((c, t) -> {
      if (t > oldest && t <= nowMillis) {
        b.call(a, c);
      }
    }));
    host.forEach((n, h) -> {
      long t = hostSeen.get(n);
      if (t > oldest && t <= nowMillis) {
        b.place(n, h);
      }
    });
    return b.build();
  }
}
