package dev.faultline.collector.ingest;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import dev.faultline.collector.security.AgentAuthenticator;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The ingest pipeline, top to bottom in wire order; a connection beyond the connection limit gets a refusal. */
final class IngestChannelInitializer extends ChannelInitializer<SocketChannel> {

  private final IngestContext context;
  private final long idleTimeoutMillis;
  private final ChannelGroup connections;
  private final SslContext tls;
  private final TlsHandshakeCounter tlsCounter;
  private final AgentAuthHandler auth;
  private final AgentAuthenticator agents;
  /** Open connections, counted here rather than by the group, whose removal runs after the close completes. */
  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param tls null for plain TCP
   * @param agents checks the token of each Hello; {@link AgentAuthenticator#open()} admits all
   */
  IngestChannelInitializer(IngestContext context, long idleTimeoutMillis, ChannelGroup connections, SslContext tls,
      AgentAuthenticator agents) {
    this.context = context;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.connections = connections;
    this.tls = tls;
    this.tlsCounter = new TlsHandshakeCounter(context.stats());
    this.agents = agents;
    this.auth = new AgentAuthHandler(agents, context.stats(), context.maxFrameBytes());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    int now = open.incrementAndGet();
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    if (now > context.limits().maxConnections()) {
      ch.pipeline().addLast("serverFrame", ServerFrameEncoder.INSTANCE);
      ch.pipeline().addLast("refuse", new ConnectionLimitHandler(context.stats().rejections(),
          context.limits().maxConnections()));
      return;
    }
    connections.add(ch); // removed automatically when the channel closes
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tlsGate", new TlsGate(tls, tlsCounter)); // replaced by the SslHandler once TLS is seen
      p.addLast("tlsHandshake", tlsCounter);
    }
    configure(p, context, idleTimeoutMillis);
    if (agents.enabled()) { // asked per connection: a reload may turn agent tokens on or off
      p.addBefore("conversation", "auth", auth); // after the frame encoder: its refusal is a ServerFrame
    }
  }

  /** Also used by tests on an {@code EmbeddedChannel}. */
  static void configure(ChannelPipeline p, IngestContext context, long idleTimeoutMillis) {
    p.addLast("bytes", new ByteCounter(context.stats()));
    long rate = context.limits().maxBytesPerSecond();
    // A whole frame plus one second's budget passes at once, so a maximal frame is never split by throttling.
    p.addLast("rate", new ReadRateLimiter(rate, context.maxFrameBytes() + rate, context.stats().rejections(),
        System::nanoTime));
    p.addLast("idle", new IdleStateHandler(idleTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("magic", new MagicPreambleDecoder());
    p.addLast("framing", new BoundedFrameDecoder(context.maxFrameBytes()));
    p.addLast("clientFrame", new ClientFrameDecoder(context.sinkCopiesBatches()));
    p.addLast("serverFrame", ServerFrameEncoder.INSTANCE);
    p.addLast("conversation", new IngestHandler(context));
  }
}
