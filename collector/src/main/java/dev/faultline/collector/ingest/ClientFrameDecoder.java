package dev.faultline.collector.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Turns one frame payload into a Hello, SeriesDefinitions, {@link WireBatch} or Goodbye. Stateless. */
@Sharable
final class ClientFrameDecoder extends MessageToMessageDecoder<ByteBuf> {

  static final ClientFrameDecoder INSTANCE = new ClientFrameDecoder();

  private ClientFrameDecoder() {
    super(ByteBuf.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    out.add(ClientFrameParser.parse(frame));
  }
}
