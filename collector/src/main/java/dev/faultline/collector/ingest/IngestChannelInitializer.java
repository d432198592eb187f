package dev.faultline.collector.ingest;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The ingest pipeline, top to bottom in wire order. */
final class IngestChannelInitializer extends ChannelInitializer<SocketChannel> {

  private final IngestContext context;
  private final long idleTimeoutMillis;
  private final ChannelGroup connections;

  IngestChannelInitializer(IngestContext context, long idleTimeoutMillis, ChannelGroup connections) {
    this.context = context;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.connections = connections;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    connections.add(ch); // removed automatically when the channel closes
    configure(ch.pipeline(), context, idleTimeoutMillis);
  }

  /** Also used by tests on an {@code EmbeddedChannel}. */
  static void configure(ChannelPipeline p, IngestContext context, long idleTimeoutMillis) {
    p.addLast("bytes", new ByteCounter(context.stats()));
    p.addLast("idle", new IdleStateHandler(idleTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("magic", new MagicPreambleDecoder());
    p.addLast("framing", new BoundedFrameDecoder(context.maxFrameBytes()));
    p.addLast("clientFrame", ClientFrameDecoder.INSTANCE);
    p.addLast("serverFrame", ServerFrameEncoder.INSTANCE);
    p.addLast("conversation", new IngestHandler(context));
  }
}
