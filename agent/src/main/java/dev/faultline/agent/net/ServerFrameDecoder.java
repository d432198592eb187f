package dev.faultline.agent.net;

import dev.faultline.proto.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Parses one length-delimited payload (the prefix already removed) as a {@link ServerFrame}. */
final class ServerFrameDecoder extends MessageToMessageDecoder<ByteBuf> {

  ServerFrameDecoder() {
    super(ByteBuf.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) throws Exception {
    try (ByteBufInputStream in = new ByteBufInputStream(payload)) {
      out.add(ServerFrame.parseFrom(in));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new CorruptedFrameException("malformed ServerFrame from collector: " + e.getMessage(), e);
    }
  }
}
