package dev.faultline.collector.ingest;

import java.util.function.LongSupplier;

/**
 * What every connection's handler shares: limits, the sink, the agent ledger, counters and the clock.
 *
 * @param maxFrameBytes announced in HelloReply (the frame decoder enforces it)
 * @param handshakeTimeoutMillis magic and Hello must arrive within this
 * @param maxSeriesPerConnection bound of a connection's series dictionary
 * @param clock epoch milliseconds
 * @param durable the write-ahead log batches go to before they are acknowledged; null for in-memory only
 * @param limits connection count, read rate and series per agent
 */
public record IngestContext(
    int maxFrameBytes,
    long handshakeTimeoutMillis,
    int maxSeriesPerConnection,
    BatchSink sink,
    AgentLedger ledger,
    IngestStats stats,
    LongSupplier clock,
    DurableLog durable,
    IngestLimits limits) {

  /** A context with {@link IngestLimits#defaults()}. */
  public IngestContext(int maxFrameBytes, long handshakeTimeoutMillis, int maxSeriesPerConnection, BatchSink sink,
      AgentLedger ledger, IngestStats stats, LongSupplier clock, DurableLog durable) {
    this(maxFrameBytes, handshakeTimeoutMillis, maxSeriesPerConnection, sink, ledger, stats, clock, durable,
        IngestLimits.defaults());
  }

  /**
   * Whether a batch's timestamps and values arrays are free once the sink returned: no write-ahead log (which holds
   * the batch until it is durable) and a sink that copies what it keeps ({@link BatchSink#copiesBatches}). Then a
   * connection parses its next batch into the same arrays.
   */
  public boolean sinkCopiesBatches() {
    return durable == null && sink.copiesBatches();
  }

  /** A context without a write-ahead log: batches are acknowledged once they are in memory. */
  public IngestContext(int maxFrameBytes, long handshakeTimeoutMillis, int maxSeriesPerConnection, BatchSink sink,
      AgentLedger ledger, IngestStats stats, LongSupplier clock) {
    this(maxFrameBytes, handshakeTimeoutMillis, maxSeriesPerConnection, sink, ledger, stats, clock, null);
  }
}
