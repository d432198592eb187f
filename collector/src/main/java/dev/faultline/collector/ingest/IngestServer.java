package dev.faultline.collector.ingest;

import dev.faultline.collector.config.Endpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import dev.faultline.collector.security.AgentAuthenticator;
import io.netty.handler.ssl.SslContext;
import dev.faultline.proto.v1.RejectionCause;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The ingest TCP server.
 *
 * <pre>{@code
 * IngestServer server = new IngestServer(context, idleTimeoutMillis);
 * InetSocketAddress bound = server.start(new Endpoint("127.0.0.1", 0));
 * ...
 * server.close();
 * }</pre>
 */
public final class IngestServer implements AutoCloseable {

  private static final Logger log = Logger.getLogger(IngestServer.class.getName());

  private final IngestContext context;
  private final long idleTimeoutMillis;
  // Normal priority: Netty's own default is the maximum, which (with -XX:ThreadPriorityPolicy=1 and the right to
  // raise priorities) would put ingest ahead of the query port; queries come first, then ingest, then detection.
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final IngestTransport transport;
  /** Open agent connections, so that a stop can tell each agent to come back later. */
  private final ChannelGroup connections = new DefaultChannelGroup("ingest", GlobalEventExecutor.INSTANCE);
  private final SslContext tls;
  private final AgentAuthenticator agents;
  private Channel serverChannel;

  /** A plain-TCP server that admits every agent, on native epoll where it loads. */
  public IngestServer(IngestContext context, long idleTimeoutMillis) {
    this(context, idleTimeoutMillis, null, AgentAuthenticator.open(), IngestTransport.AUTO);
  }

  /**
   * @param tls server TLS context ({@code security.ingest-tls}), null for plain TCP
   * @param agents token check of every handshake ({@code security.agent-tokens})
   * @param transport the socket transport ({@code ingest.transport})
   */
  public IngestServer(IngestContext context, long idleTimeoutMillis, SslContext tls, AgentAuthenticator agents,
      IngestTransport transport) {
    this.context = context;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.tls = tls;
    this.agents = agents;
    this.transport = transport;
    this.bossGroup = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("faultline-ingest-accept", false, Thread.NORM_PRIORITY), transport.ioHandlerFactory());
    this.workerGroup = new MultiThreadIoEventLoopGroup(0,
        new DefaultThreadFactory("faultline-ingest", false, Thread.NORM_PRIORITY), transport.ioHandlerFactory());
  }

  /** Binds and starts accepting; returns the bound address (the real port when {@code endpoint} asks for 0). */
  public InetSocketAddress start(Endpoint endpoint) throws InterruptedException {
    serverChannel = new ServerBootstrap()
        .group(bossGroup, workerGroup)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new IngestChannelInitializer(context, idleTimeoutMillis, connections, tls, agents))
        .bind(endpoint.toSocketAddress()).sync().channel();
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    log.info(() -> "listening on " + bound.getHostString() + ":" + bound.getPort() + " (" + transport.describe()
        + (tls == null ? "" : ", TLS") + ")"
        + (agents.enabled() ? ", agent tokens required" : ""));
    return bound;
  }

  /**
   * Stops accepting, sends every connected agent {@code Rejection(UNAVAILABLE)} so it reconnects later and resends
   * what was not acknowledged, closes the connections and waits briefly for the event loops to finish.
   */
  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    connections.writeAndFlush(ServerFrames.rejection(RejectionCause.REJECTION_CAUSE_UNAVAILABLE,
        "the collector is shutting down; retry later")).awaitUninterruptibly(1, TimeUnit.SECONDS);
    connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
