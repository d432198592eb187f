package dev.faultline.agent.instrument.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The endpoints of this service: at most {@code maxEndpoints}, then everything goes to the {@link
 * EndpointStats#OVERFLOW} bucket.
 *
 * <p>An open-addressing table rather than a ConcurrentHashMap so that a lookup needs no key object: the folded
 * route is built in a per-thread StringBuilder and compared in place; a String is made only when an endpoint is
 * first seen. Lookups are lock-free (volatile reads of the slot array); inserts are rare and synchronized. The
 * table is twice the cap, so probing always finds a free slot.
 */
final class EndpointTable {

  private static final ThreadLocal<StringBuilder> ROUTE_BUFFER = ThreadLocal.withInitial(StringBuilder::new);

  private final int maxEndpoints;
  private final AtomicReferenceArray<EndpointStats> slots;
  private final EndpointStats overflow;
  private int size; // guarded by this

  EndpointTable(int maxEndpoints) {
    this(maxEndpoints, EndpointStats.OVERFLOW);
  }

  /** A table whose overflow bucket is named {@code overflowName}. */
  EndpointTable(int maxEndpoints, String overflowName) {
    this.maxEndpoints = maxEndpoints;
    this.overflow = new EndpointStats("", overflowName, 0);
    this.slots = new AtomicReferenceArray<>(Integer.highestOneBit(Math.max(2, maxEndpoints) * 2 - 1) << 1);
  }

  EndpointStats resolve(String method, String rawPath) {
    StringBuilder route = ROUTE_BUFFER.get();
    route.setLength(0);
    RouteFolder.fold(rawPath, route);
    int hash = hash(method, route);
    int mask = slots.length() - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      EndpointStats stats = slots.get(i);
      if (stats == null) {
        return insert(method, route, hash);
      }
      if (stats.hash == hash && stats.method.equals(method) && stats.route.contentEquals(route)) {
        return stats;
      }
    }
  }

  private synchronized EndpointStats insert(String method, StringBuilder route, int hash) {
    int mask = slots.length() - 1;
    int i = hash & mask;
    for (EndpointStats stats = slots.get(i); stats != null; stats = slots.get(i)) {
      if (stats.hash == hash && stats.method.equals(method) && stats.route.contentEquals(route)) {
        return stats; // inserted by another thread meanwhile
      }
      i = (i + 1) & mask;
    }
    if (size >= maxEndpoints) {
      return overflow;
    }
    EndpointStats stats = new EndpointStats(method, route.toString(), hash);
    slots.set(i, stats);
    size++;
    return stats;
  }

  /** Every endpoint, the overflow bucket last. */
  List<EndpointStats> all() {
    List<EndpointStats> all = new ArrayList<>();
    for (int i = 0; i < slots.length(); i++) {
      EndpointStats stats = slots.get(i);
      if (stats != null) {
        all.add(stats);
      }
    }
    all.add(overflow);
    return all;
  }

  private static int hash(String method, CharSequence route) {
    int h = method.hashCode();
    for (int i = 0; i < route.length(); i++) {
      h = 31 * h + route.charAt(i);
    }
    return h ^ (h >>> 16);
  }
}
