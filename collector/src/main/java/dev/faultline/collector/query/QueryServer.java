package dev.faultline.collector.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.faultline.collector.config.Endpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import dev.faultline.collector.security.QueryAuthenticator;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The HTTP query server. Its own small event-loop group keeps slow queries off the ingest threads.
 *
 * <pre>{@code
 * QueryServer server = new QueryServer(router, System::currentTimeMillis);
 * InetSocketAddress bound = server.start(new Endpoint("127.0.0.1", 0));
 * }</pre>
 */
public final class QueryServer implements AutoCloseable {

  /** Requests are GETs with a query string; anything bigger is refused with 413 by the aggregator. */
  static final int MAX_REQUEST_BYTES = 64 * 1024;

  private static final Logger log = Logger.getLogger(QueryServer.class.getName());

  private final QueryHttpHandler handler;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final SslContext tls;
  private Channel serverChannel;

  /** Plain HTTP, no tokens. */
  public QueryServer(Router router, LongSupplier clock) {
    this(router, clock, null, QueryAuthenticator.open());
  }

  /**
   * @param tls server TLS context ({@code security.query-tls}), null for plain HTTP
   * @param auth bearer-token check ({@code security.query-tokens})
   */
  public QueryServer(Router router, LongSupplier clock, SslContext tls, QueryAuthenticator auth) {
    this.handler = new QueryHttpHandler(router, jsonMapper(), clock, dev.faultline.collector.web.StaticAssets.dashboard(),
        auth);
    this.tls = tls;
  }

  /** The JSON mapper of the API: snake_case names, nulls left out. */
  public static ObjectMapper jsonMapper() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
  }

  /** Binds; returns the bound address. */
  public InetSocketAddress start(Endpoint endpoint) throws InterruptedException {
    serverChannel = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
            }
            ch.pipeline()
                .addLast("http", new HttpServerCodec())
                .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast("api", handler);
          }
        })
        .bind(endpoint.toSocketAddress()).sync().channel();
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    log.info(() -> "listening on " + bound.getHostString() + ":" + bound.getPort() + (tls == null ? "" : " (TLS)"));
    return bound;
  }

  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
