package dev.faultline.collector.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** First in the pipeline: counts the bytes each read brings ({@link IngestStats#bytesReceived}) and passes them on. */
@Sharable
final class ByteCounter extends ChannelInboundHandlerAdapter {

  private final IngestStats stats;

  ByteCounter(IngestStats stats) {
    this.stats = stats;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      stats.bytesReceived.add(buf.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }
}
