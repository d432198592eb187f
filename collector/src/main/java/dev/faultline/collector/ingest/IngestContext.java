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
 * @param ackFlushNanos least time between two flushes of one connection's acks ({@link AckFlusher}); 0 flushes at
 *     the end of every read burst
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
    IngestLimits limits,
    long ackFlushNanos) {

  /**
   * The collector's ack flush interval: acks of a busy connection leave at most every 5 ms, short against any
   * agent's wait for them (its buffer holds seconds of batches), long against a busy connection's ~1 ms per batch.
   */
  public static final long COLLECTOR_ACK_FLUSH_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5);

  /** A context whose acks are flushed at the end of every read burst. */
  public IngestContext(int maxFrameBytes, long handshakeTimeoutMillis, int maxSeriesPerConnection, BatchSink sink,
      AgentLedger ledger, IngestStats stats, LongSupplier clock, DurableLog durable, IngestLimits limits) {
    this(maxFrameBytes, handshakeTimeoutMillis, maxSeriesPerConnection, sink, ledger, stats, clock, durable, limits, 0);
  }

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
