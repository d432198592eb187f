package dev.faultline.agent.net;

import dev.faultline.agent.config.Endpoint;
import dev.faultline.agent.internal.Throwables;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.SeriesDefinition;
import dev.faultline.proto.v1.SeriesDefinitions;
import dev.faultline.proto.v1.ServerFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The state of one connection: sends the magic and {@code Hello} when the channel becomes active, hands the
 * collector's frames to the {@link CollectorClient}, and remembers what this connection has already carried
 * (the highest series id defined, the highest batch sequence written). One instance per channel; runs on the
 * network thread only.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<ServerFrame> {

  private final CollectorClient client;
  private final Endpoint endpoint;
  private Channel channel;
  private boolean handshaken;
  private boolean refused;
  private String failure;
  private int definedUpTo;
  private long lastSentSequence;

  ConnectionHandler(CollectorClient client, Endpoint endpoint) {
    super(ServerFrame.class);
    this.client = client;
    this.endpoint = endpoint;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    ctx.write(Frames.magic(ctx.alloc()));
    ctx.writeAndFlush(Frames.frame(ctx.alloc(), client.helloFrame()));
    ctx.executor().schedule(() -> {
      if (!handshaken && ctx.channel().isActive()) {
        failed("no HelloReply within " + client.handshakeTimeoutMillis() + " ms");
        ctx.close();
      }
    }, client.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ServerFrame frame) {
    switch (frame.getKindCase()) {
      case HELLO_REPLY:
        if (!handshaken) {
          client.onHelloReply(this, frame.getHelloReply());
        }
        break;
      case ACK:
        if (handshaken) {
          client.onAck(frame.getAck().getSequence());
        }
        break;
      case REJECTION:
        markRefused();
        String reason = frame.getRejection().getCause() + ": " + frame.getRejection().getMessage();
        failed("rejected, " + reason);
        client.onRefused(this, reason);
        ctx.close();
        break;
      default:
        // A frame kind from a newer collector: ignored, as the compatibility rules ask.
        break;
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      client.pump();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwables.rethrowIfFatal(cause);
    failed(describe(cause));
    ctx.close();
  }

  /** TLS failures get a reason that says what to check; anything else its exception text. */
  private static String describe(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        return "TLS handshake failed: " + (root.getMessage() == null ? root.getClass().getSimpleName()
            : root.getMessage()) + " (check tls-ca-file, the collector's host name in its certificate, and that"
            + " its ingest port has TLS)";
      }
    }
    return Throwables.describe(cause);
  }

  /** Writes definitions of series {@code definedUpTo+1 .. upTo}, split so no frame exceeds the limit. */
  void defineUpTo(List<SeriesDefinition> definitions, int upTo, int maxFrameBytes) {
    SeriesDefinitions.Builder chunk = SeriesDefinitions.newBuilder();
    int chunkBytes = 0;
    for (SeriesDefinition d : definitions) {
      int size = d.getSerializedSize() + 8;
      if (chunkBytes + size > maxFrameBytes - 16 && chunk.getSeriesCount() > 0) {
        writeDefinitions(chunk);
        chunk = SeriesDefinitions.newBuilder();
        chunkBytes = 0;
      }
      chunk.addSeries(d);
      chunkBytes += size;
    }
    if (chunk.getSeriesCount() > 0) {
      writeDefinitions(chunk);
    }
    definedUpTo = Math.max(definedUpTo, upTo);
  }

  private void writeDefinitions(SeriesDefinitions.Builder chunk) {
    byte[] payload = ClientFrame.newBuilder().setDefinitions(chunk).build().toByteArray();
    channel.write(Frames.frame(channel.alloc(), payload));
  }

  void markHandshaken(long lastSequence) {
    handshaken = true;
    lastSentSequence = lastSequence;
  }

  /** The collector said no (refused handshake or rejection): reported as such, not as "cannot reach". */
  void markRefused() {
    refused = true;
  }

  void failed(String reason) {
    if (failure == null) {
      failure = reason;
    }
  }

  Channel channel() {
    return channel;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  boolean handshaken() {
    return handshaken;
  }

  boolean refused() {
    return refused;
  }

  String failure() {
    return failure == null ? "connection closed" : failure;
  }

  int definedUpTo() {
    return definedUpTo;
  }

  long lastSentSequence() {
    return lastSentSequence;
  }

  void sent(long sequence) {
    lastSentSequence = sequence;
  }
}
