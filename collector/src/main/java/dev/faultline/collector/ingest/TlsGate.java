package dev.faultline.collector.ingest;

import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.RejectionCause;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * First handler of a TLS ingest port: looks at the first bytes without consuming them. A TLS record replaces this
 * handler with the {@link SslHandler} (the bytes held so far are handed to it); the plain Faultline magic gets a
 * plain-text {@code Rejection(TLS_REQUIRED)} that tells the agent what to configure, then the connection closes;
 * anything else is closed. Both refusals are counted as {@code TLS_REQUIRED}. One instance per connection.
 */
final class TlsGate extends ByteToMessageDecoder {

  /** {@link SslHandler#isEncrypted} needs a whole record header. */
  private static final int RECORD_HEADER_BYTES = 5;

  private final SslContext tls;
  private final TlsHandshakeCounter counter;

  TlsGate(SslContext tls, TlsHandshakeCounter counter) {
    this.tls = tls;
    this.counter = counter;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (startsWithMagic(in)) {
      in.skipBytes(in.readableBytes());
      counter.reject(ctx, "plain agent connection to the TLS ingest port");
      ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(plainRejection())).addListener(ChannelFutureListener.CLOSE);
      ctx.pipeline().remove(this);
      return;
    }
    if (in.readableBytes() < RECORD_HEADER_BYTES) {
      return;
    }
    if (!SslHandler.isEncrypted(in, false)) {
      in.skipBytes(in.readableBytes());
      counter.reject(ctx, "neither TLS nor a Faultline agent (the first bytes are no TLS record)");
      ctx.close();
      return;
    }
    // On removal a ByteToMessageDecoder passes its unread bytes to the next handler: here the SslHandler.
    ctx.pipeline().replace(this, "tls", tls.newHandler(ctx.alloc()));
  }

  private static boolean startsWithMagic(ByteBuf in) {
    if (in.readableBytes() < Protocol.MAGIC.length) {
      return false;
    }
    for (int i = 0; i < Protocol.MAGIC.length; i++) {
      if (in.getByte(in.readerIndex() + i) != Protocol.MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** The length-prefixed Rejection frame, written raw: the frame encoder sits behind the TLS layer. */
  private static byte[] plainRejection() {
    byte[] frame = ServerFrames.rejection(RejectionCause.REJECTION_CAUSE_TLS_REQUIRED,
        "this collector's ingest port requires TLS; start the agent with tls=true and tls-ca-file=<the CA that"
            + " signed the collector's certificate>").toByteArray();
    byte[] out = new byte[4 + frame.length];
    out[0] = (byte) (frame.length >>> 24);
    out[1] = (byte) (frame.length >>> 16);
    out[2] = (byte) (frame.length >>> 8);
    out[3] = (byte) frame.length;
    System.arraycopy(frame, 0, out, 4, frame.length);
    return out;
  }
}
