package dev.faultline.collector.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Turns one frame payload into a Hello, SeriesDefinitions, {@link WireBatch} or Goodbye. One per connection: batches
 * are parsed into the connection's arrays ({@link ClientFrameParser#read}), which is safe because the next frame is
 * decoded only after the handler behind has taken the previous batch (same event loop, in order).
 */
final class ClientFrameDecoder extends MessageToMessageDecoder<ByteBuf> {

  private final ClientFrameParser parser;

  /** @param reuseSamples whether the batch's consumer copies timestamps and values (see {@link ClientFrameParser}) */
  ClientFrameDecoder(boolean reuseSamples) {
    super(ByteBuf.class);
    this.parser = new ClientFrameParser(reuseSamples);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    out.add(parser.read(frame));
  }
}
