package dev.faultline.collector.ingest;

import dev.faultline.collector.security.AgentAuthenticator;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.RejectionCause;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.logging.Logger;

/**
 * Checks the token of the first frame's {@code Hello} and then leaves the pipeline. An admitted (or non-Hello)
 * first frame goes on to the {@link IngestHandler}, which owns the rest of the conversation; a refused one is
 * answered with {@code HelloReply(accepted=false, reason)}, counted as {@code UNAUTHENTICATED} and logged once per
 * peer, and the connection is closed. Stateless: one instance serves every connection.
 */
@Sharable
final class AgentAuthHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = Logger.getLogger(IngestHandler.class.getName());

  private final AgentAuthenticator authenticator;
  private final IngestStats stats;
  private final int maxFrameBytes;

  AgentAuthHandler(AgentAuthenticator authenticator, IngestStats stats, int maxFrameBytes) {
    this.authenticator = authenticator;
    this.stats = stats;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ctx.pipeline().remove(this);
    String refusal = msg instanceof Hello hello ? authenticator.refusal(hello.getAuthToken(), hello.getService())
        : null;
    if (refusal == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    Hello hello = (Hello) msg;
    String peer = Peers.host(ctx.channel());
    if (stats.rejections().record(RejectionCause.REJECTION_CAUSE_UNAUTHENTICATED, peer)) {
      log.warning(() -> "rejected connection from " + Peers.describe(ctx.channel()) + " (unauthenticated): agent "
          + hello.getAgentId() + " of service '" + hello.getService() + "': " + refusal
          + " [logged once per cause and peer]");
    }
    ctx.writeAndFlush(ServerFrames.refused(refusal, maxFrameBytes)).addListener(ChannelFutureListener.CLOSE);
  }
}
