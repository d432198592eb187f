package dev.faultline.collector.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * One benchmark client connection (behind a length-field frame decoder): sends magic, Hello and definitions,
 * then streams pre-encoded batches keeping {@code window} unacknowledged, until {@link #stop} is called. Acks are
 * cumulative, as a real agent reads them. Like the agent, it writes only while the channel is writable (the agent's
 * write-buffer water marks, 64 KiB / 1 MiB) and goes on when it becomes writable again.
 */
final class BenchConnection extends BenchClientHandler {

  private final BatchFrameTemplate template;
  private final int window;
  private final LongSupplier timestamps;
  private volatile boolean running = true;
  private long nextSequence = 1;
  private volatile long acked;
  /** Highest sequence acknowledged (acks are cumulative). */
  private long ackedUpTo;

  BenchConnection(BenchAgent agent, BatchFrameTemplate template, int window, LongSupplier timestamps) {
    super(agent);
    this.template = template;
    this.window = window;
    this.timestamps = timestamps;
  }

  /** Connects this agent to the ingest port at {@code address} on one of {@code clients}' loops. */
  Channel connect(EventLoopGroup clients, InetSocketAddress address) throws InterruptedException {
    return framedClient(clients, this)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 1024 * 1024))
        .connect(address).sync().channel();
  }

  /** A bench agent's client bootstrap: no Nagle delay, server frames split by their length prefix for {@code handler}. */
  static Bootstrap framedClient(EventLoopGroup clients, ChannelHandler handler) {
    return new Bootstrap().group(clients).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4), handler);
          }
        });
  }


  /** Batches acknowledged so far. */
  long acked() {
    return acked;
  }

  void stop() {
    running = false;
  }

  @Override
  void stopped() {
    stop();
  }

  @Override
  void accepted(ChannelHandlerContext ctx, long lastSequence) {
    ackedUpTo = lastSequence;
    nextSequence = ackedUpTo + 1;
    pump(ctx);
    ctx.flush();
  }

  @Override
  void acked(ChannelHandlerContext ctx, long sequence) {
    if (sequence > ackedUpTo) { // cumulative: one ack may cover several batches; each frees a slot in the window
      acked += sequence - ackedUpTo;
      ackedUpTo = sequence;
    }
    pump(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && handshake.isDone()) {
      pump(ctx);
      ctx.flush();
    }
  }

  /** Sends batches while the window has room and the channel is writable (flushed by the caller). */
  private void pump(ChannelHandlerContext ctx) {
    while (running && nextSequence - 1 - ackedUpTo < window && ctx.channel().isWritable()) {
      sendBatch(ctx);
    }
  }

  private void sendBatch(ChannelHandlerContext ctx) {
    ctx.write(template.frame(ctx.alloc(), nextSequence++, timestamps.getAsLong()), ctx.voidPromise());
  }

}
