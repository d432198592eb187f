package dev.faultline.collector.ingest;

import dev.faultline.common.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Checks the 4-byte preamble {@code 'F' 'L' 'T' 0x01} and then removes itself, passing any bytes after it on.
 * A mismatch is reported as early as the first differing byte, with a guess at what connected instead:
 *
 * <pre>
 * 0x16 0x03 ...      TLS ClientHello   -> "a TLS client; the ingest port speaks plain Faultline"
 * "GET " "POST" ...  HTTP request      -> "an HTTP client; the HTTP API is on the query port"
 * anything else      noise             -> hex of the bytes seen
 * </pre>
 */
final class MagicPreambleDecoder extends ByteToMessageDecoder {

  private static final byte[] MAGIC = Protocol.MAGIC;
  private static final String[] HTTP_METHODS = {"GET ", "POST", "PUT ", "HEAD", "DELE", "OPTI", "PATC", "CONN"};

  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes()); // the connection is closing; ignore what is still in flight
      return;
    }
    int seen = Math.min(in.readableBytes(), MAGIC.length);
    for (int i = 0; i < seen; i++) {
      if (in.getByte(in.readerIndex() + i) != MAGIC[i]) {
        failed = true;
        String reason = describe(in);
        in.skipBytes(in.readableBytes());
        throw FrameRejectedException.badMagic(reason);
      }
    }
    if (seen == MAGIC.length) {
      in.skipBytes(MAGIC.length);
      ctx.pipeline().remove(this); // remaining bytes are forwarded to the frame decoder on removal
    }
  }

  /** Says what the peer probably is. Visible for testing. */
  static String describe(ByteBuf in) {
    int r = in.readerIndex();
    int n = in.readableBytes();
    if (n >= 2 && in.getByte(r) == 0x16 && in.getByte(r + 1) == 0x03) {
      return "bad magic: this looks like a TLS ClientHello; the Faultline ingest port does not speak TLS";
    }
    if (n >= 1) {
      for (String method : HTTP_METHODS) {
        if (startsWith(in, method)) {
          return "bad magic: this looks like an HTTP request; the ingest port speaks the Faultline agent "
              + "protocol, HTTP is served on the query port";
        }
      }
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(n, 8); i++) {
      hex.append(String.format("%02x", in.getByte(r + i) & 0xff));
    }
    return "bad magic: expected 464c5401 ('FLT' 0x01), got " + hex + "; not a Faultline agent";
  }

  /** True when the readable bytes are a prefix of {@code s} or start with it (so "GE" already matches GET). */
  private static boolean startsWith(ByteBuf in, String s) {
    int n = Math.min(in.readableBytes(), s.length());
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != s.charAt(i)) {
        return false;
      }
    }
    return n >= 2;
  }
}
