package dev.faultline.collector.ingest;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When one connection's written acks leave: at the end of a burst (a read burst, or a burst of durable callbacks),
 * at once if nothing left within the last {@code interval}, otherwise when the interval is over. Every batch still
 * gets its own ack; only the socket writes are fewer.
 *
 * <p>Why: on a busy connection every read burst (about one 50 KB batch) ended in its own flush, a socket write of a
 * few bytes that also wakes the agent to read it. On loopback the write's receive path runs in the collector's
 * thread too. Acks leave at most once per interval per connection instead; a connection that sends now and then
 * still gets its ack at once.
 *
 * <pre>
 * burst ends, ack written, last flush >= interval ago  -> flush now
 * burst ends, ack written, last flush <  interval ago  -> flush when the interval is over (one timer at a time)
 * </pre>
 *
 * Not thread-safe: used on the connection's event loop only.
 */
final class AckFlusher {

  private final ChannelHandlerContext ctx;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Runnable scheduledFlush = this::scheduledFlush;
  private boolean pending;
  private boolean scheduled;
  private long lastFlushNanos;

  /** @param intervalNanos 0 flushes at the end of every burst */
  AckFlusher(ChannelHandlerContext ctx, long intervalNanos, LongSupplier nanoClock) {
    this.ctx = ctx;
    this.intervalNanos = intervalNanos;
    this.nanoClock = nanoClock;
    this.lastFlushNanos = nanoClock.getAsLong() - intervalNanos;
  }

  /** Something was written that must leave with the next flush. */
  void written() {
    pending = true;
  }

  /** The end of a burst: flushes now or schedules the flush (see the class comment). */
  void endOfBurst() {
    if (!pending || scheduled) {
      return;
    }
    long now = nanoClock.getAsLong();
    long wait = lastFlushNanos + intervalNanos - now;
    if (wait <= 0) {
      flush(now);
    } else {
      scheduled = true;
      ctx.executor().schedule(scheduledFlush, wait, TimeUnit.NANOSECONDS);
    }
  }

  /** Flushes what is pending now (before a close, say). */
  void flushNow() {
    if (pending) {
      flush(nanoClock.getAsLong());
    }
  }

  private void scheduledFlush() {
    scheduled = false;
    flushNow();
  }

  private void flush(long now) {
    pending = false;
    lastFlushNanos = now;
    ctx.flush();
  }
}
