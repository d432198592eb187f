package dev.faultline.collector.bench;

import dev.faultline.proto.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated agent of the load test: handshakes, then sends one batch per interval like a real agent (first
 * one at a random offset, so that a thousand agents do not send in lock-step), and counts the batches the collector
 * acknowledged (acks are cumulative by sequence).
 */
final class PacedConnection extends SimpleChannelInboundHandler<ByteBuf> {

  private final BenchAgent agent;
  private final BatchFrameTemplate template;
  private final long intervalMillis;
  final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private ScheduledFuture<?> timer;
  private long nextSequence = 1;
  private volatile long sent;
  private volatile long ackedUpTo;
  private volatile long firstSequence = 1;
  private volatile String failure;

  PacedConnection(BenchAgent agent, BatchFrameTemplate template, long intervalMillis) {
    this.agent = agent;
    this.template = template;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws IOException {
    ctx.writeAndFlush(agent.opening(ctx.alloc()));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
    ServerFrame reply = ServerFrame.parseFrom(new ByteBufInputStream(frame));
    switch (reply.getKindCase()) {
      case HELLO_REPLY -> {
        if (!reply.getHelloReply().getAccepted()) {
          fail(ctx, "refused: " + reply.getHelloReply().getReason());
          return;
        }
        nextSequence = reply.getHelloReply().getLastSequence() + 1;
        firstSequence = nextSequence;
        handshake.complete(null);
        long offset = ThreadLocalRandom.current().nextLong(intervalMillis);
        timer = ctx.executor().scheduleAtFixedRate(() -> sendBatch(ctx), offset, intervalMillis,
            TimeUnit.MILLISECONDS);
      }
      case ACK -> ackedUpTo = Math.max(ackedUpTo, reply.getAck().getSequence());
      default -> fail(ctx, "rejected: " + reply.getRejection().getMessage());
    }
  }

  /** Stops sending; acks of what was sent still arrive. */
  void stopSending() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stopSending();
    if (failure == null) {
      failure = "connection closed"; // no ack will come any more: draining stops waiting for this one
    }
    if (!handshake.isDone()) {
      handshake.completeExceptionally(new IllegalStateException("closed before the handshake"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause.toString());
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    failure = why;
    handshake.completeExceptionally(new IllegalStateException(why));
    stopSending();
    ctx.close();
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

  /** Why the connection failed, or null. */
  String failure() {
    return failure;
  }

}
