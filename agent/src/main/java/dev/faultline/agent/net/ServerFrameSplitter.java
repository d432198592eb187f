package dev.faultline.agent.net;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;

/**
 * Splits the collector's stream into length-prefixed frames, and names what is on the other end when the first
 * bytes are not a frame: a TLS server (a TLS record: {@code 0x15|0x16 0x03}), an HTTP server, or something that
 * sends an absurd length. The connection then fails with that reason, which the agent's one line about the
 * collector shows.
 */
final class ServerFrameSplitter extends LengthFieldBasedFrameDecoder {

  private final int maxFrameBytes;

  ServerFrameSplitter(int maxFrameBytes) {
    super(maxFrameBytes, 0, 4, 0, 4);
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
    long frameLength = buf.getUnsignedInt(offset);
    if (frameLength <= maxFrameBytes) {
      return frameLength;
    }
    int type = buf.getUnsignedByte(offset);
    int second = buf.getUnsignedByte(offset + 1);
    buf.skipBytes(buf.readableBytes()); // the connection fails; nothing after this is read as frames
    if ((type == 0x15 || type == 0x16) && second == 0x03) {
      throw new CorruptedFrameException("the collector answered with TLS; this agent speaks plain TCP to it:"
          + " enable TLS on the agent or connect it to a plain ingest port");
    }
    if (type == 'H' && second == 'T') {
      throw new CorruptedFrameException("an HTTP server answered, not a Faultline collector's ingest port");
    }
    throw new CorruptedFrameException("the collector sent a frame length of " + frameLength + " bytes (limit "
        + maxFrameBytes + "): not a Faultline collector, or a damaged stream");
  }
}
