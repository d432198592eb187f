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
import io.netty.util.concurrent.DefaultThreadFactory;
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

  /** Name of the {@link RequestDeadlineHandler} in each connection's pipeline. */
  static final String DEADLINE = "deadline";
  /** Route workers: a few, so runaway queries cannot take more; further requests queue briefly, then get 503. */
  private static final int WORKERS = 4;
  private static final int QUEUED_REQUESTS = 256;

  private static final Logger log = Logger.getLogger(QueryServer.class.getName());

  private final QueryHttpHandler handler;
  /**
   * The query port's threads (event loops and route workers) run at the maximum priority, ingest at normal and
   * background work (detection, RCA, sweeps, training) at the minimum. The JVM applies priorities only with
   * {@code -XX:ThreadPriorityPolicy=1} (the systemd unit sets it); lowering needs no privilege, raising needs root
   * or CAP_SYS_NICE, so without them queries and ingest share normal priority and background work yields to both.
   */
  private static final int PRIORITY = Thread.MAX_PRIORITY;

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
      new DefaultThreadFactory("faultline-query-io", false, PRIORITY), NioIoHandler.newFactory());
  private final SslContext tls;
  private final QueryLimits limits;
  private final java.util.concurrent.ThreadPoolExecutor workers;
  private Channel serverChannel;

  /** Plain HTTP, no tokens. */
  public QueryServer(Router router, LongSupplier clock) {
    this(router, clock, QueryLimits.defaults(), null, QueryAuthenticator.open());
  }

  public QueryServer(Router router, LongSupplier clock, QueryLimits limits) {
    this(router, clock, limits, null, QueryAuthenticator.open());
  }

  /**
   * @param limits request size and time limits, page sizes ({@code query.*})
   * @param tls server TLS context ({@code security.query-tls}), null for plain HTTP
   * @param auth bearer-token check ({@code security.query-tokens})
   */
  public QueryServer(Router router, LongSupplier clock, QueryLimits limits, SslContext tls, QueryAuthenticator auth) {
    this.limits = limits;
    this.tls = tls;
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    this.workers = new java.util.concurrent.ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
        new java.util.concurrent.ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
          Thread t = new Thread(r, "faultline-query-" + n.incrementAndGet());
          t.setDaemon(true);
          t.setPriority(PRIORITY);
          return t;
        });
    this.handler = new QueryHttpHandler(router, jsonMapper(), clock, dev.faultline.collector.web.StaticAssets.dashboard(),
        limits, workers, auth);
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
            int max = limits.maxRequestBytes();
            RequestDeadlineHandler deadline = new RequestDeadlineHandler(limits.requestTimeoutMillis());
            ch.pipeline()
                .addLast("bytes", deadline.byteWatcher())
                .addLast("http", new HttpServerCodec(max, max, 8192))
                .addLast(DEADLINE, deadline)
                .addLast("aggregate", new HttpObjectAggregator(max))
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
    workers.shutdownNow();
  }
}
