package dev.faultline.collector.ingest;

import dev.faultline.proto.v1.RejectionCause;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The whole pipeline of a connection beyond {@code ingest.max-connections}: answers {@code
 * Rejection(LIMIT_EXCEEDED)} at once, without reading anything, and closes.
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

  static final String LIMIT = "ingest.max-connections";

  private final RejectionStats stats;
  private final int maxConnections;

  ConnectionLimitHandler(RejectionStats stats, int maxConnections) {
    this.stats = stats;
    this.maxConnections = maxConnections;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    String message = "the collector already has " + maxConnections + " open connections (" + LIMIT
        + "); retry later";
    IngestHandler.logRejection(stats, ctx, RejectionCause.REJECTION_CAUSE_LIMIT_EXCEEDED, LIMIT, message);
    ctx.writeAndFlush(ServerFrames.rejection(RejectionCause.REJECTION_CAUSE_LIMIT_EXCEEDED, message))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    io.netty.util.ReferenceCountUtil.release(msg); // nothing is read from a refused connection
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
