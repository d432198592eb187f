package dev.faultline.agent.net;

import dev.faultline.agent.config.Endpoint;
import dev.faultline.agent.internal.AgentLog;
import dev.faultline.agent.internal.Throwables;
import dev.faultline.agent.series.EncodedBatch;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.Goodbye;
import dev.faultline.proto.v1.HelloReply;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams encoded batches to the collector over one long-lived connection, as {@code proto/README.md} describes.
 *
 * <pre>{@code
 * CollectorClient client = new CollectorClient(endpoints, identity, registry, 8 << 20);
 * client.start();
 * client.submit(encoder.encode(now, samples, client.droppedBatches(), client.maxFrameBytes()));
 * }</pre>
 *
 * <p>All state lives on one daemon event-loop thread ({@code faultline-net-*}); {@link #submit} only enqueues a
 * task there, so a caller never blocks and never sees an exception. Per connection: magic, {@code Hello}; after an
 * accepted {@code HelloReply}, batches up to its {@code last_sequence} are freed, the definitions of all series
 * are sent, then every buffered batch after {@code last_sequence} in sequence order, each preceded by definitions
 * of series the connection has not seen yet. {@code Ack{n}} frees batches up to n. Writes stop while the channel
 * is not writable and resume when it is.
 *
 * <p>Failover ({@link CollectorRotation}): every connection that ends (refused, lost, rejected, no
 * {@code HelloReply} in time) moves on to the next configured collector, after a capped, jittered backoff that
 * starts over only once a collector has acknowledged a batch, so collectors that accept and then drop the agent
 * are not hammered. The new collector's {@code HelloReply.last_sequence} says what it already holds of this agent
 * id; every buffered (unacknowledged) batch after it is sent there. A switch to another collector prints one line
 * and counts in {@link #collectorSwitches()}.
 */
public final class CollectorClient {

  static final long INITIAL_BACKOFF_MILLIS = 200;
  static final long MAX_BACKOFF_MILLIS = 5_000;
  static final int CONNECT_TIMEOUT_MILLIS = 3_000;
  static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
  /** Collector frames are small (replies, acks, rejections); anything bigger is garbage. */
  static final int MAX_SERVER_FRAME_BYTES = 1 << 20;

  private static final Logger log = Logger.getLogger(CollectorClient.class.getName());

  private final CollectorRotation rotation;
  private final SeriesRegistry registry;
  private final BatchBuffer buffer;
  private final Backoff backoff;
  private final ReachabilityLog reachability = new ReachabilityLog();
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final byte[] helloFrame;
  private final SslContext tls;
  private volatile int maxFrameBytes = Protocol.DEFAULT_MAX_FRAME_BYTES;
  private final long handshakeTimeoutMillis;
  private volatile boolean closed;
  // Confined to the event loop from here on.
  private ConnectionHandler current;
  /** Why the agent last left the collector that served it; null while it is served. Reported with a switch. */
  private String leftReason;
  private CountDownLatch drained;
  private boolean oversizeLogged;

  public CollectorClient(List<Endpoint> endpoints, AgentIdentity identity, SeriesRegistry registry, long bufferBytes) {
    this(endpoints, identity, registry, bufferBytes, null);
  }

  /** @param tls client TLS context ({@link ClientTls}), null for plain TCP */
  public CollectorClient(List<Endpoint> endpoints, AgentIdentity identity, SeriesRegistry registry, long bufferBytes,
      SslContext tls) {
    this(endpoints, identity, registry, bufferBytes, tls, HANDSHAKE_TIMEOUT_MILLIS);
  }

  /** As above with another handshake timeout. Visible for testing. */
  CollectorClient(List<Endpoint> endpoints, AgentIdentity identity, SeriesRegistry registry, long bufferBytes,
      SslContext tls, long handshakeTimeoutMillis) {
    this.tls = tls;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    this.rotation = new CollectorRotation(endpoints);
    this.registry = registry;
    this.buffer = new BatchBuffer(bufferBytes);
    this.backoff = new Backoff(INITIAL_BACKOFF_MILLIS, MAX_BACKOFF_MILLIS, ThreadLocalRandom.current()::nextDouble);
    this.helloFrame = ClientFrame.newBuilder().setHello(identity.hello()).build().toByteArray();
    this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("faultline-net", true),
        NioIoHandler.newFactory());
    this.loop = group.next();
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 1024 * 1024));
  }

  /** Starts connecting in the background. */
  public void start() {
    execute(this::connect);
  }

  /** Buffers batches for sending; never blocks, never throws. */
  public void submit(List<EncodedBatch> batches) {
    execute(() -> {
      for (EncodedBatch b : batches) {
        buffer.add(b);
      }
      pump();
    });
  }

  /** The frame limit the collector announced (or the protocol default before the first handshake). */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** Batches dropped since start because the buffer was full or a batch exceeded the frame limit. */
  public long droppedBatches() {
    return buffer.droppedTotal();
  }

  /** The most bytes the buffer of unacknowledged batches has held since start. */
  public long bufferHighWaterBytes() {
    return buffer.highWaterBytes();
  }

  /** How often the agent moved to another collector of its list since start (see {@link CollectorRotation}). */
  public long collectorSwitches() {
    return rotation.switches();
  }

  /**
   * Waits until every buffered batch is acknowledged, at most {@code timeoutMillis}; returns at once when no
   * connection is up. For shutdown: best effort.
   */
  public boolean flush(long timeoutMillis) {
    CountDownLatch latch = new CountDownLatch(1);
    execute(() -> {
      if (current == null || buffer.isEmpty()) {
        latch.countDown();
      } else {
        drained = latch;
        pump();
      }
    });
    try {
      return latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Says goodbye on an open connection, closes it and stops the network thread, waiting at most the timeout. */
  public void close(long timeoutMillis) {
    closed = true;
    execute(() -> {
      ConnectionHandler c = current;
      if (c != null) {
        byte[] bye = ClientFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setReason("shutdown")).build()
            .toByteArray();
        c.channel().writeAndFlush(Frames.frame(c.channel().alloc(), bye)).addListener(f -> c.channel().close());
      }
    });
    group.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeoutMillis);
  }

  /** Number of unacknowledged batches; waits for the network thread. Visible for testing. */
  int pendingBatches() throws Exception {
    return loop.submit(buffer::size).get(5, TimeUnit.SECONDS);
  }

  byte[] helloFrame() {
    return helloFrame;
  }

  long handshakeTimeoutMillis() {
    return handshakeTimeoutMillis;
  }

  private void connect() {
    if (closed) {
      return;
    }
    Endpoint endpoint = rotation.next();
    ConnectionHandler handler = new ConnectionHandler(this, endpoint);
    try {
      ChannelFuture f = bootstrap.clone().handler(initializer(handler, tls, endpoint)).connect(endpoint.host(), endpoint.port());
      f.addListener(done -> {
        if (!done.isSuccess()) {
          handler.failed(Throwables.describe(done.cause()));
        }
      });
      // Run after the connect listener, whatever order Netty completes the promise and the close in.
      f.channel().closeFuture().addListener(done -> execute(() -> onClosed(handler)));
    } catch (RuntimeException e) {
      handler.failed(Throwables.describe(e));
      onClosed(handler);
    }
  }

  private static ChannelInitializer<SocketChannel> initializer(ConnectionHandler handler, SslContext tls,
      Endpoint endpoint) {
    return new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        // Wire order: TLS (host name checked), length-prefixed frames in, ServerFrame messages, then the
        // connection's state machine, which sends magic and Hello once the TLS handshake is done.
        if (tls != null) {
          ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), endpoint.host(), endpoint.port()));
        }
        ch.pipeline()
            .addLast("frames", new ServerFrameSplitter(MAX_SERVER_FRAME_BYTES))
            .addLast("decoder", new ServerFrameDecoder())
            .addLast("connection", handler);
      }
    };
  }

  void onHelloReply(ConnectionHandler handler, HelloReply reply) {
    if (!reply.getAccepted()) {
      handler.markRefused();
      String reason = reply.getReason().isEmpty() ? "no reason given" : reply.getReason();
      handler.failed("refused: " + reason);
      onRefused(handler, reason);
      handler.channel().close();
      return;
    }
    maxFrameBytes = reply.getMaxFrameBytes() > 0 ? reply.getMaxFrameBytes() : Protocol.DEFAULT_MAX_FRAME_BYTES;
    buffer.ackUpTo(reply.getLastSequence());
    handler.markHandshaken(reply.getLastSequence());
    current = handler;
    Endpoint from = rotation.accepted(handler.endpoint());
    if (from == null) {
      reachability.connected(handler.endpoint().toString());
    } else {
      reachability.switched(from.toString(), handler.endpoint().toString(),
          leftReason == null ? "not reachable" : leftReason);
    }
    leftReason = null;
    int known = registry.size();
    handler.defineUpTo(registry.definitions(1, known), known, maxFrameBytes);
    handler.channel().flush();
    log.fine(() -> "handshake with " + handler.endpoint() + " done, last_sequence=" + reply.getLastSequence());
    pump();
  }

  void onRefused(ConnectionHandler handler, String reason) {
    reachability.refused(handler.endpoint().toString(), reason);
  }

  void onAck(long sequence) {
    // The collector works (it stores what it is sent): the next loss starts the backoff over. Not at the
    // handshake, or collectors that accept and then drop the agent would be retried at the shortest delay forever.
    backoff.reset();
    buffer.ackUpTo(sequence);
    signalIfDrained();
  }

  /** Writes every buffered batch this connection has not carried yet, while the channel stays writable. */
  void pump() {
    ConnectionHandler c = current;
    if (c == null) {
      return;
    }
    Channel ch = c.channel();
    boolean wrote = false;
    EncodedBatch batch;
    while (ch.isWritable() && (batch = buffer.firstAfter(c.lastSentSequence())) != null) {
      if (batch.frame().length > maxFrameBytes) {
        dropOversize(batch);
        continue;
      }
      if (batch.maxSeriesId() > c.definedUpTo()) {
        int known = registry.size();
        c.defineUpTo(registry.definitions(c.definedUpTo() + 1, known), known, maxFrameBytes);
      }
      ch.write(Frames.frame(ch.alloc(), batch.frame()));
      c.sent(batch.sequence());
      wrote = true;
    }
    if (wrote) {
      ch.flush();
    }
    signalIfDrained();
  }

  private void dropOversize(EncodedBatch batch) {
    buffer.discard(batch);
    if (!oversizeLogged) {
      oversizeLogged = true;
      AgentLog.warn("dropped a batch of " + batch.frame().length + " bytes, above the collector's frame limit of "
          + maxFrameBytes + " bytes");
    }
  }

  private void onClosed(ConnectionHandler handler) {
    if (current == handler) {
      current = null;
    }
    if (closed) {
      return;
    }
    if (!handler.handshaken() && !handler.refused()) {
      reachability.failed(handler.endpoint().toString(), handler.failure());
    }
    if (leftReason == null && handler.endpoint().equals(rotation.servedBy())) {
      leftReason = (handler.handshaken() && !handler.refused() ? "connection lost: " : "") + handler.failure();
    }
    rotation.moveOn();
    long delay = backoff.nextDelayMillis();
    log.log(Level.FINE, "connection to {0} closed ({1}); reconnecting in {2} ms",
        new Object[] {handler.endpoint(), handler.failure(), delay});
    try {
      loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down.
    }
  }

  private void signalIfDrained() {
    if (drained != null && buffer.isEmpty()) {
      drained.countDown();
      drained = null;
    }
  }

  private void execute(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The network thread is gone (shutdown); there is nobody left to send to.
    }
  }
}
