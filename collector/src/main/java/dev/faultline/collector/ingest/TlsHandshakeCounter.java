package dev.faultline.collector.ingest;

import dev.faultline.proto.v1.RejectionCause;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Sits right after the TLS layer of the ingest port: counts failed TLS handshakes (untrusted or missing client
 * certificate, no common protocol, garbage) as {@code TLS_REQUIRED} rejections, logged once per peer, and keeps
 * the TLS exception that follows out of the conversation handler. Stateless.
 */
@Sharable
final class TlsHandshakeCounter extends ChannelInboundHandlerAdapter {

  private static final Logger log = Logger.getLogger(IngestHandler.class.getName());

  private final IngestStats stats;

  TlsHandshakeCounter(IngestStats stats) {
    this.stats = stats;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
      reject(ctx, "TLS handshake failed: " + rootMessage(done.cause()));
      ctx.close();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
      ctx.close(); // already counted with the handshake event
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  void reject(ChannelHandlerContext ctx, String reason) {
    if (stats.rejections().record(RejectionCause.REJECTION_CAUSE_TLS_REQUIRED, Peers.host(ctx.channel()))) {
      log.warning(() -> "rejected connection from " + Peers.describe(ctx.channel()) + " (tls_required): " + reason
          + " [logged once per cause and peer]");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
