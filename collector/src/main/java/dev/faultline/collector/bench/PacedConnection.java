package dev.faultline.collector.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated agent of the load test: handshakes, then sends one batch per interval like a real agent (first
 * one at a random offset, so that a thousand agents do not send in lock-step), and counts the batches the collector
 * acknowledged (acks are cumulative by sequence).
 */
final class PacedConnection extends BenchClientHandler {

  private final BatchFrameTemplate template;
  private final long intervalMillis;
  private ScheduledFuture<?> timer;
  private long nextSequence = 1;
  private volatile long sent;
  private volatile long ackedUpTo;
  private volatile long firstSequence = 1;

  PacedConnection(BenchAgent agent, BatchFrameTemplate template, long intervalMillis) {
    super(agent);
    this.template = template;
    this.intervalMillis = intervalMillis;
  }

  @Override
  void accepted(ChannelHandlerContext ctx, long lastSequence) {
    nextSequence = lastSequence + 1;
    firstSequence = nextSequence;
    long offset = ThreadLocalRandom.current().nextLong(intervalMillis);
    timer = ctx.executor().scheduleAtFixedRate(() -> sendBatch(ctx), offset, intervalMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  void acked(ChannelHandlerContext ctx, long sequence) {
    ackedUpTo = Math.max(ackedUpTo, sequence);
  }

  /** Stops sending; acks of what was sent still arrive. */
  void stopSending() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  void stopped() {
    stopSending();
  }

  private void sendBatch(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return;
    }
    ByteBuf buf = ctx.alloc().directBuffer(template.frameBytes());
    template.writeTo(buf, nextSequence++, System.currentTimeMillis());
    ctx.writeAndFlush(buf, ctx.voidPromise());
    sent++;
  }

  /** Batches sent so far. */
  long sent() {
    return sent;
  }

  /** Batches acknowledged so far. */
  long acked() {
    return ackedUpTo == 0 ? 0 : ackedUpTo - firstSequence + 1;
  }

}
