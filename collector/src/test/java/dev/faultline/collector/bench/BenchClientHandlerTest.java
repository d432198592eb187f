package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.Ack;
import dev.faultline.proto.v1.HelloReply;
import dev.faultline.proto.v1.Rejection;
import dev.faultline.proto.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The reply handling every bench connection shares: hello accepted or refused, acks, rejections, closing. */
class BenchClientHandlerTest {

  /** Records what the base class hands over. */
  private static final class Recording extends BenchClientHandler {
    final List<String> events = new ArrayList<>();

    Recording() {
      super(new BenchAgent(7, 3));
    }

    @Override
    void accepted(ChannelHandlerContext ctx, long lastSequence) {
      events.add("accepted " + lastSequence);
    }

    @Override
    void acked(ChannelHandlerContext ctx, long sequence) {
      events.add("ack " + sequence);
    }

    @Override
    void stopped() {
      events.add("stopped");
    }
  }

  private static ByteBuf frame(ServerFrame reply) {
    return Unpooled.wrappedBuffer(reply.toByteArray());
  }

  @Test
  void sendsTheOpeningThenHandsOverTheAcceptedHelloAndAcks() {
    Recording handler = new Recording();
    EmbeddedChannel ch = new EmbeddedChannel(handler);
    ByteBuf opening = ch.readOutbound();
    byte[] magic = new byte[Protocol.MAGIC.length];
    opening.readBytes(magic);
    assertArrayEquals(Protocol.MAGIC, magic, "the magic comes first");
    opening.release();
    ch.writeInbound(frame(ServerFrame.newBuilder()
        .setHelloReply(HelloReply.newBuilder().setAccepted(true).setLastSequence(41)).build()));
    ch.writeInbound(frame(ServerFrame.newBuilder().setAck(Ack.newBuilder().setSequence(43)).build()));
    assertTrue(handler.handshake.isDone() && !handler.handshake.isCompletedExceptionally());
    assertEquals(List.of("accepted 41", "ack 43"), handler.events);
    assertTrue(ch.isActive());
    assertNull(handler.failure());
  }

  @Test
  void aRefusedHelloFailsTheHandshakeWithTheReasonAndCloses() {
    Recording handler = new Recording();
    EmbeddedChannel ch = new EmbeddedChannel(handler);
    ch.writeInbound(frame(ServerFrame.newBuilder()
        .setHelloReply(HelloReply.newBuilder().setAccepted(false).setReason("auth token missing")).build()));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        handler.handshake::get);
    assertEquals("refused: auth token missing", e.getCause().getMessage());
    assertEquals("refused: auth token missing", handler.failure());
    assertFalse(ch.isActive());
    assertFalse(handler.events.contains("accepted 0"));
    assertTrue(handler.events.contains("stopped"));
  }

  @Test
  void aRejectionAfterTheHandshakeStopsAndKeepsTheMessage() {
    Recording handler = new Recording();
    EmbeddedChannel ch = new EmbeddedChannel(handler);
    ch.writeInbound(frame(ServerFrame.newBuilder().setHelloReply(HelloReply.newBuilder().setAccepted(true)).build()));
    ch.writeInbound(frame(ServerFrame.newBuilder()
        .setRejection(Rejection.newBuilder().setMessage("ingest.max-series-per-agent exceeded")).build()));
    assertEquals("rejected: ingest.max-series-per-agent exceeded", handler.failure());
    assertFalse(ch.isActive());
    assertEquals("stopped", handler.events.get(handler.events.size() - 1));
  }

  @Test
  void aConnectionClosedByThePeerBeforeTheHandshakeFailsIt() {
    Recording handler = new Recording();
    EmbeddedChannel ch = new EmbeddedChannel(handler);
    ch.close();
    assertTrue(handler.handshake.isCompletedExceptionally());
    assertEquals("connection closed", handler.failure());
    assertEquals(List.of("stopped"), handler.events);
  }
}
