package dev.faultline.collector.ingest;

import dev.faultline.proto.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;

/** Writes a {@link ServerFrame} as {@code length:uint32 BE} followed by its protobuf bytes. Stateless. */
@Sharable
final class ServerFrameEncoder extends MessageToByteEncoder<ServerFrame> {

  static final ServerFrameEncoder INSTANCE = new ServerFrameEncoder();

  private ServerFrameEncoder() {
    super(ServerFrame.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ServerFrame frame, ByteBuf out) throws IOException {
    out.writeInt(frame.getSerializedSize());
    frame.writeTo(new ByteBufOutputStream(out));
  }
}
