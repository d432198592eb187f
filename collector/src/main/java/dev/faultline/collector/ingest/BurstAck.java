package dev.faultline.collector.ingest;

import io.netty.channel.ChannelHandlerContext;

/**
 * The one cumulative ack of a read burst: batches stored (or recognised as duplicates) while the connection's reads
 * are handled raise it, and the end of the burst writes it once, for the highest sequence, before the flush.
 *
 * <p>Why: acks are cumulative (proto/README.md), so an ack of n tells the agent that every batch up to n is held;
 * a burst carries several batches, and an ack frame each only cost an encode, a write and, on the agent's side, a
 * read. Only batches held when the burst ends are covered: batches waiting for the write-ahead log's fsync or for a
 * gateway publish are acknowledged by their own callbacks, after it.
 *
 * <pre>
 * read burst: batch 7 stored, batch 8 stored, batch 5 duplicate  -> end of burst: Ack{8}
 * </pre>
 *
 * Confined to the channel's event loop.
 */
final class BurstAck {

  /** Highest sequence held and not yet acknowledged; 0 if none. */
  private long pending;

  /** Batch {@code sequence} is held: the burst's ack covers it. */
  void held(long sequence) {
    if (sequence > pending) {
      pending = sequence;
    }
  }

  /** Writes the pending ack, if any (not flushed). */
  void write(ChannelHandlerContext ctx) {
    if (pending != 0) {
      ctx.write(ServerFrames.ack(pending), ctx.voidPromise());
      pending = 0;
    }
  }
}
