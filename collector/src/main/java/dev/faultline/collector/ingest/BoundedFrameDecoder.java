package dev.faultline.collector.ingest;

import dev.faultline.common.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;

/**
 * Splits the stream into frames: a 4-byte big-endian payload length, then the payload (the prefix is stripped).
 *
 * <pre>
 * +--------+----------------+        +----------------+
 * | 0x0010 | 16-byte payload|  --->  | 16-byte payload|
 * +--------+----------------+        +----------------+
 * </pre>
 *
 * A length of 0 or above the limit fails as soon as the prefix is read (never waiting for the oversize body), with a
 * {@link FrameRejectedException} that states the length and the limit. Reads are joined by {@link FrameCumulator}, so
 * a frame is a slice of the socket's read buffers (one buffer, or a composite of the reads it spans).
 */
final class BoundedFrameDecoder extends LengthFieldBasedFrameDecoder {

  private final int maxFrameBytes;
  private boolean failed;

  BoundedFrameDecoder(int maxFrameBytes) {
    // Netty's own limit is set one above ours so that our check below, with its clearer message, fires first.
    super(ByteOrder.BIG_ENDIAN, maxFrameBytes + Protocol.LENGTH_PREFIX_BYTES + 1, 0, Protocol.LENGTH_PREFIX_BYTES,
        0, Protocol.LENGTH_PREFIX_BYTES, true);
    this.maxFrameBytes = maxFrameBytes;
    setCumulator(FrameCumulator.INSTANCE); // large reads are joined, not copied
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return null;
    }
    return super.decode(ctx, in);
  }

  @Override
  protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
    long frameLength = buf.getUnsignedInt(offset);
    if (frameLength == 0 || frameLength > maxFrameBytes) {
      failed = true;
      buf.skipBytes(buf.readableBytes());
      throw frameLength == 0
          ? FrameRejectedException.malformed("empty frame: the length prefix is 0")
          : FrameRejectedException.tooLarge(frameLength, maxFrameBytes);
    }
    return frameLength;
  }
}
