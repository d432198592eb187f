package dev.faultline.collector.rca.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Immutable view of the topology at one instant: call edges (service to service, service to database or external
 * dependency) and placement (node to host). Iteration orders are sorted, so every algorithm run over a snapshot is
 * deterministic. Thread-safe.
 *
 * <pre>{@code
 * TopologySnapshot g = TopologySnapshot.builder().call("frontend", "cart").place("cart", "host-1").build();
 * g.callees("frontend");     // [cart]
 * g.coLocated("cart");       // nodes on host-1 other than cart
 * }</pre>
 */
public final class TopologySnapshot {
  private static final TopologySnapshot EMPTY = builder().build();

  private final Set<String> nodes;
  private final Map<String, Set<String>> callees;
  private final Map<String, Set<String>> callers;
  private final Map<String, String> hostOf;

  private TopologySnapshot(Set<String> nodes, Map<String, Set<String>> callees, Map<String, String> hostOf) {
    this.nodes = Collections.unmodifiableSet(new TreeSet<>(nodes));
    Map<String, Set<String>> out = new TreeMap<>();
    Map<String, Set<String>> in = new TreeMap<>();
    for (String n : this.nodes) {
      out.put(n, new TreeSet<>());
      in.put(n, new TreeSet<>());
    }
    callees.forEach((a, bs) -> bs.forEach(b -> {
      out.get(a).add(b);
      in.get(b).add(a);
    }));
    out.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    in.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    this.callees = Collections.unmodifiableMap(out);
    this.callers = Collections.unmodifiableMap(in);
    this.hostOf = Collections.unmodifiableMap(new TreeMap<>(hostOf));
  }

  public static TopologySnapshot empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All nodes (services, dependencies, hosts are not nodes), sorted. */
  public Set<String> nodes() {
    return nodes;
  }

  /** Nodes {@code node} calls; empty for an unknown node. */
  public Set<String> callees(String node) {
    return callees.getOrDefault(node, Set.of());
  }

  /** Nodes that call {@code node}; empty for an unknown node. */
  public Set<String> callers(String node) {
    return callers.getOrDefault(node, Set.of());
  }

  /** The host {@code node} runs on, or null when unknown. */
  public String hostOf(String node) {
    return hostOf.get(node);
  }

  /** Other nodes on the same host, sorted; empty when the host is unknown. */
  public Set<String> coLocated(String node) {
    String h = hostOf.get(node);
    if (h == null) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    hostOf.forEach((n, hh) -> {
      if (hh.equals(h) && !n.equals(node)) {
        out.add(n);
      }
    });
    return out;
  }

  public boolean hasCall(String caller, String callee) {
    return callees(caller).contains(callee);
  }

  /** Number of call edges. */
  public int edgeCount() {
    int n = 0;
    for (Set<String> s : callees.values()) {
      n += s.size();
    }
    return n;
  }

  /**
   * Shortest call path from {@code from} down to {@code to} following call edges (breadth first, sorted
   * neighbours), or an empty list when there is none.
   */
  public List<String> callPath(String from, String to) {
    if (!nodes.contains(from) || !nodes.contains(to)) {
      return List.of();
    }
    Map<String, String> parent = new TreeMap<>();
    List<String> frontier = new ArrayList<>(List.of(from));
    parent.put(from, from);
    while (!frontier.isEmpty() && !parent.containsKey(to)) {
      List<String> next = new ArrayList<>();
      for (String n : frontier) {
        for (String c : callees(n)) {
          if (parent.putIfAbsent(c, n) == null) {
            next.add(c);
          }
        }
      }
      frontier = next;
    }
    if (!parent.containsKey(to)) {
      return List.of();
    }
    List<String> path = new ArrayList<>();
    for (String n = to; ; n = parent.get(n)) {
      path.add(n);
      if (n.equals(from)) {
        break;
      }
    }
    Collections.reverse(path);
    return List.copyOf(path);
  }

  /** Collects nodes, edges and placements; not thread-safe. */
  public static final class Builder {
    private final Set<String> nodes = new TreeSet<>();
    private final Map<String, Set<String>> callees = new TreeMap<>();
    private final Map<String, String> hostOf = new TreeMap<>();

    private Builder() {}

    public Builder node(String node) {
      nodes.add(Objects.requireNonNull(node, "node"));
      return this;
    }

    /** Adds the call edge {@code caller -> callee}; self calls are ignored. */
    public Builder call(String caller, String callee) {
      node(caller);
      node(callee);
      if (!caller.equals(callee)) {
        callees.computeIfAbsent(caller, k -> new TreeSet<>()).add(callee);
      }
      return this;
    }

    /** Places {@code node} on {@code host}. */
    public Builder place(String node, String host) {
      node(node);
      hostOf.put(node, Objects.requireNonNull(host, "host"));
      return this;
    }

    public TopologySnapshot build() {
      return new TopologySnapshot(nodes, callees, hostOf);
    }
  }
}
