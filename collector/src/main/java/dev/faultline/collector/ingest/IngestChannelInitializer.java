package dev.faultline.collector.ingest;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The ingest pipeline, top to bottom in wire order; a connection beyond the connection limit gets a refusal. */
final class IngestChannelInitializer extends ChannelInitializer<SocketChannel> {

  private final IngestContext context;
  private final long idleTimeoutMillis;
  private final ChannelGroup connections;
  /** Open connections, counted here rather than by the group, whose removal runs after the close completes. */
  private final AtomicInteger open = new AtomicInteger();

  IngestChannelInitializer(IngestContext context, long idleTimeoutMillis, ChannelGroup connections) {
    this.context = context;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.connections = connections;
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
    configure(ch.pipeline(), context, idleTimeoutMillis);
  }

  /** Also used by tests on an {@code EmbeddedChannel}. */
  static void configure(ChannelPipeline p, IngestContext context, long idleTimeoutMillis) {
    long rate = context.limits().maxBytesPerSecond();
    // A whole frame plus one second's budget passes at once, so a maximal frame is never split by throttling.
    p.addLast("rate", new ReadRateLimiter(rate, context.maxFrameBytes() + rate, context.stats().rejections(),
        System::nanoTime));
    p.addLast("idle", new IdleStateHandler(idleTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("magic", new MagicPreambleDecoder());
    p.addLast("framing", new BoundedFrameDecoder(context.maxFrameBytes()));
    p.addLast("clientFrame", ClientFrameDecoder.INSTANCE);
    p.addLast("serverFrame", ServerFrameEncoder.INSTANCE);
    p.addLast("conversation", new IngestHandler(context));
  }
}
