package dev.faultline.collector.bench;

import dev.faultline.proto.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The collector's replies as every bench agent connection reads them (behind a length-field frame decoder): sends
 * the agent's opening (magic, hello, definitions) when connected; a refused hello or a rejection fails
 * {@link #handshake} with the collector's reason and closes the connection; an accepted hello completes it and hands
 * over the collector's last stored sequence; acks are handed over by sequence. Subclasses decide what to send.
 */
abstract class BenchClientHandler extends SimpleChannelInboundHandler<ByteBuf> {

  final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final BenchAgent agent;
  private volatile String failure;

  BenchClientHandler(BenchAgent agent) {
    this.agent = agent;
  }

  /** The hello was accepted; the collector has stored this agent's batches up to {@code lastSequence}. */
  abstract void accepted(ChannelHandlerContext ctx, long lastSequence);

  /** The collector acknowledged batches up to {@code sequence} (cumulative; may repeat or arrive out of order). */
  abstract void acked(ChannelHandlerContext ctx, long sequence);

  /** The connection failed or closed: stop sending. The default does nothing. */
  void stopped() {}

  @Override
  public final void channelActive(ChannelHandlerContext ctx) throws IOException {
    ctx.writeAndFlush(agent.opening(ctx.alloc()));
  }

  @Override
  protected final void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
    ServerFrame reply = ServerFrame.parseFrom(frame.nioBuffer()); // an ack is a few bytes: no stream, no 4 KiB buffer
    switch (reply.getKindCase()) {
      case HELLO_REPLY -> {
        if (!reply.getHelloReply().getAccepted()) {
          fail(ctx, "refused: " + reply.getHelloReply().getReason());
          return;
        }
        handshake.complete(null);
        accepted(ctx, reply.getHelloReply().getLastSequence());
      }
      case ACK -> acked(ctx, reply.getAck().getSequence());
      default -> fail(ctx, "rejected: " + reply.getRejection().getMessage());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stopped();
    if (failure == null) {
      failure = "connection closed"; // no ack will come any more: whoever drains stops waiting for this one
    }
    handshake.completeExceptionally(new IllegalStateException("closed before the handshake"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause.toString());
  }

  /** Why the connection failed or closed, or null while it is open. */
  String failure() {
    return failure;
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    failure = why;
    handshake.completeExceptionally(new IllegalStateException(why));
    stopped();
    ctx.close();
  }
}
