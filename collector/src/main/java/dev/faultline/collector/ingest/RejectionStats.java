package dev.faultline.collector.ingest;

import dev.faultline.proto.v1.RejectionCause;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts rejected connections per cause, and per configured limit for {@code LIMIT_EXCEEDED} and the other limit
 * rejections (frame size, handshake time), and decides what is worth a log line: the first rejection of each
 * cause and limit per peer address, so a misconfigured client retrying every second does not flood the log.
 * Also counts throttling (a connection over its read rate is slowed down, not rejected).
 */
public final class RejectionStats {

  /** Bound of the remembered (cause, peer) pairs; when full it starts over, logging each pair once more. */
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<RejectionCause, LongAdder> counts = new EnumMap<>(RejectionCause.class);
  private final Map<String, LongAdder> byLimit = new ConcurrentHashMap<>();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  public RejectionStats() {
    for (RejectionCause cause : RejectionCause.values()) {
      if (cause != RejectionCause.UNRECOGNIZED) {
        counts.put(cause, new LongAdder());
      }
    }
  }

  /**
   * Counts one rejection.
   *
   * @param limit the configuration key of the limit hit, or null
   * @return true when this is the first rejection of {@code cause} and {@code limit} for {@code peerHost}: log it
   */
  boolean record(RejectionCause cause, String limit, String peerHost) {
    counts.get(cause).increment();
    if (limit != null) {
      byLimit.computeIfAbsent(limit, k -> new LongAdder()).increment();
    }
    return firstTime(cause.name() + '/' + limit + '@' + peerHost);
  }

  /** Counts one rejection without a limit (see {@link #record(RejectionCause, String, String)}). */
  boolean record(RejectionCause cause, String peerHost) {
    return record(cause, null, peerHost);
  }

  /**
   * Counts one throttling of a connection by {@code limit} (not a rejection: the connection stays open).
   *
   * @return true when this is the first throttling of {@code peerHost}: log it
   */
  boolean throttled(String limit, String peerHost) {
    byLimit.computeIfAbsent(limit + " (throttled)", k -> new LongAdder()).increment();
    return firstTime("THROTTLED/" + limit + '@' + peerHost);
  }

  private boolean firstTime(String key) {
    if (logged.size() >= MAX_REMEMBERED) {
      logged.clear();
    }
    return logged.add(key);
  }

  /** Rejections of {@code cause} so far. */
  public long count(RejectionCause cause) {
    LongAdder c = counts.get(cause);
    return c == null ? 0 : c.sum();
  }

  /** Every cause's count (zeros included, so a rate is defined from the start), by the same names as {@link #snapshot}. */
  public Map<String, Long> allCounts() {
    Map<String, Long> result = new java.util.TreeMap<>();
    counts.forEach((cause, n) -> {
      if (cause != RejectionCause.REJECTION_CAUSE_UNSPECIFIED) {
        result.put(name(cause), n.sum());
      }
    });
    return result;
  }

  private static String name(RejectionCause cause) {
    return cause.name().substring("REJECTION_CAUSE_".length()).toLowerCase(java.util.Locale.ROOT);
  }

  /** Rejections (or, for {@code "KEY (throttled)"}, throttlings) caused by limit {@code key} so far. */
  public long count(String key) {
    LongAdder c = byLimit.get(key);
    return c == null ? 0 : c.sum();
  }

  /** Non-zero counts by cause name (without the REJECTION_CAUSE_ prefix, lower case). */
  public Map<String, Long> snapshot() {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((cause, n) -> {
      if (n.sum() > 0) {
        result.put(cause.name().substring("REJECTION_CAUSE_".length()).toLowerCase(Locale.ROOT), n.sum());
      }
    });
    return result;
  }

  /** Non-zero counts by limit key; throttlings as {@code "KEY (throttled)"}. */
  public Map<String, Long> byLimit() {
    Map<String, Long> result = new TreeMap<>();
    byLimit.forEach((key, n) -> result.put(key, n.sum()));
    return result;
  }
}
