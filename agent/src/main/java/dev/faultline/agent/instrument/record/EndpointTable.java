package dev.faultline.agent.instrument.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The endpoints of this service: at most {@code maxEndpoints}, then everything goes to the {@link
 * EndpointStats#OVERFLOW} bucket.
 *
 * <p>An open-addressing table rather than a ConcurrentHashMap so that a lookup needs no key object: one scan of
 * the raw path finds its identifier segments and the hash of its folded form ({@link RouteFolder#scan}), and each
 * candidate's route is compared with the raw path in place ({@link RouteFolder#matchesFolded}); a String is made
 * only when an endpoint is first seen. Paths too long or with too many segments for that are folded into a
 * per-thread StringBuilder instead. Lookups are lock-free (volatile reads of the slot array); inserts are rare and
 * synchronized. The table is twice the cap, so probing always finds a free slot.
 *
 * <p>In front of it, a direct-mapped cache from the raw path to its endpoint, for paths that are their own route
 * (no segment folds, not cut): a hit costs a slot index from the path's length and a few of its characters and
 * one {@code equals}, skipping the scan. It holds only endpoints already in the table (never the overflow
 * bucket), so it never allocates and cannot change which endpoint a path resolves to, nor the cap. Paths sharing
 * a slot evict each other and take the scan. Paths with ids never enter it: each new id would evict a useful entry.
 */
final class EndpointTable {

  /** Cache slots at most (4 KiB of references): enough for the hot routes of a service, small for the CPU cache. */
  static final int MAX_CACHE_SLOTS = 1024;
  private static final ThreadLocal<StringBuilder> ROUTE_BUFFER = ThreadLocal.withInitial(StringBuilder::new);

  private final int maxEndpoints;
  private final AtomicReferenceArray<EndpointStats> slots;
  private final AtomicReferenceArray<EndpointStats> pathCache;
  private final int cacheBits;
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
    this.pathCache = new AtomicReferenceArray<>(Math.min(slots.length(), MAX_CACHE_SLOTS));
    this.cacheBits = Integer.numberOfTrailingZeros(pathCache.length());
  }

  EndpointStats resolve(String method, String rawPath) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath; // what RouteFolder.fold makes of them
    int cacheIndex = cacheIndex(method, path);
    EndpointStats cached = pathCache.get(cacheIndex);
    if (cached != null && cached.route.equals(path) && cached.method.equals(method)) {
      return cached; // cached routes are their own fold, so route == path means fold(path) == route
    }
    long scanned = RouteFolder.scan(method.hashCode(), path);
    if (scanned < 0) {
      return resolveByBuilder(method, path);
    }
    long identifierSegments = scanned >>> 32;
    int hash = mix((int) scanned);
    EndpointStats stats = find(method, path, identifierSegments, hash);
    if (stats == null) {
      StringBuilder route = ROUTE_BUFFER.get();
      route.setLength(0);
      RouteFolder.fold(path, route);
      stats = insert(method, route, path.contentEquals(route) ? path : null, hash);
    }
    if (identifierSegments == 0 && stats != overflow) {
      pathCache.lazySet(cacheIndex, stats); // final fields only: a racing reader sees it whole or not at all
    }
    return stats;
  }

  /**
   * The cache slot of a path: from its length, the method's length and up to eight of its characters spread over
   * the path (four of them at its end, where the paths of one service differ most), not a hash of every character,
   * so that a hit costs a few loads and one {@code equals}; paths alike at these points share a slot and evict
   * each other.
   */
  private int cacheIndex(String method, String path) {
    int length = path.length();
    int last = length - 1;
    // Characters packed into two words side by side and multiplied once each, not folded one after another
    // (h * 31 + c eight times is a chain of dependent multiplies, ~30 cycles before the slot is known).
    int a = path.charAt(last) ^ path.charAt(last >> 1) << 8 ^ path.charAt(last >> 2) << 16
        ^ path.charAt(last - (last >> 2)) << 24;
    int b = length * 31 + method.length();
    if (length > 4) {
      b ^= (path.charAt(last - 1) ^ path.charAt(last - 2) << 8 ^ path.charAt(last - 3) << 16
          ^ path.charAt(last - (last >> 3)) << 24) * 0x85EBCA6B;
    }
    int h = (a + b * 0x27D4EB2F) * 0x9E3779B9; // Fibonacci hashing: spread over the word, take the top bits
    return h >>> (Integer.SIZE - cacheBits);
  }

  /** The endpoint of method + fold(path) when the table has it, else null. */
  private EndpointStats find(String method, String path, long identifierSegments, int hash) {
    int mask = slots.length() - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      EndpointStats stats = slots.get(i);
      if (stats == null) {
        return null;
      }
      if (stats.hash == hash && stats.method.equals(method)
          && RouteFolder.matchesFolded(stats.route, path, identifierSegments)) {
        return stats;
      }
    }
  }

  /** For paths {@link RouteFolder#scan} does not handle: fold into a builder, then look up. */
  private EndpointStats resolveByBuilder(String method, String path) {
    StringBuilder route = ROUTE_BUFFER.get();
    route.setLength(0);
    RouteFolder.fold(path, route);
    int hash = hash(method, route);
    int mask = slots.length() - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      EndpointStats stats = slots.get(i);
      if (stats == null) {
        return insert(method, route, null, hash);
      }
      if (stats.hash == hash && stats.method.equals(method) && stats.route.contentEquals(route)) {
        return stats;
      }
    }
  }

  /**
   * Adds method + {@code route}; {@code sameAsRoute} is the caller's String when it equals the route (kept as the
   * endpoint's route instead of a copy: a caller that passes the same instance every time, as the configured
   * methods' advice does with its constant name, then hits the path cache by identity, not char by char).
   */
  private synchronized EndpointStats insert(String method, StringBuilder route, String sameAsRoute, int hash) {
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
    EndpointStats stats = new EndpointStats(method, sameAsRoute != null ? sameAsRoute : route.toString(), hash);
    slots.set(i, stats);
    size++;
    return stats;
  }

  /** Visible for testing: the endpoint the path cache holds for method + raw path, or null on a miss. */
  EndpointStats cached(String method, String rawPath) {
    EndpointStats cached = pathCache.get(cacheIndex(method, rawPath));
    return cached != null && cached.route.equals(rawPath) && cached.method.equals(method) ? cached : null;
  }

  /** Visible for testing: the path cache slot of method + raw path. */
  int cacheSlot(String method, String rawPath) {
    return cacheIndex(method, rawPath);
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

  /** The hash {@link #resolve} computes from any raw path that folds to {@code route}. */
  private static int hash(String method, CharSequence route) {
    int h = method.hashCode();
    for (int i = 0; i < route.length(); i++) {
      h = 31 * h + route.charAt(i);
    }
    return mix(h);
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }
}
