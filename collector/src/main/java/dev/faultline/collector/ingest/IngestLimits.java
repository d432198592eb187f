package dev.faultline.collector.ingest;

/**
 * The per-collector and per-connection bounds beyond frame size and handshake time (those stay in
 * {@link IngestContext} as the handshake announces them).
 *
 * @param maxConnections open connections at once ({@code ingest.max-connections}); one more is refused at once
 * @param maxBytesPerSecond read rate of one connection ({@code ingest.max-bytes-per-second}); a faster sender is
 *     throttled, not closed
 * @param maxSeriesPerAgent distinct series one agent id may define ({@code ingest.max-series-per-agent})
 */
public record IngestLimits(int maxConnections, long maxBytesPerSecond, int maxSeriesPerAgent) {

  /** Generous bounds for tests and embedders that do not configure them. */
  public static IngestLimits defaults() {
    return new IngestLimits(10_000, 64L * 1024 * 1024, 1_000_000);
  }
}
