package dev.faultline.collector.ingest;

import dev.faultline.proto.v1.RejectionCause;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts rejected connections per cause and decides what is worth a log line: the first rejection of each cause per
 * peer address, so a misconfigured client retrying every second does not flood the log.
 */
public final class RejectionStats {

  /** Bound of the remembered (cause, peer) pairs; when full it starts over, logging each pair once more. */
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<RejectionCause, LongAdder> counts = new EnumMap<>(RejectionCause.class);
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
   * @return true when this is the first rejection of {@code cause} for {@code peerHost}: log it
   */
  boolean record(RejectionCause cause, String peerHost) {
    counts.get(cause).increment();
    if (logged.size() >= MAX_REMEMBERED) {
      logged.clear();
    }
    return logged.add(cause.name() + '@' + peerHost);
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

  /** Non-zero counts by cause name (without the REJECTION_CAUSE_ prefix, lower case). */
  public Map<String, Long> snapshot() {
    Map<String, Long> result = new java.util.TreeMap<>();
    counts.forEach((cause, n) -> {
      if (n.sum() > 0) {
        result.put(cause.name().substring("REJECTION_CAUSE_".length()).toLowerCase(java.util.Locale.ROOT), n.sum());
      }
    });
    return result;
  }
}
