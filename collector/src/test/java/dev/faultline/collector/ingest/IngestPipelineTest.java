package dev.faultline.collector.ingest;

import static dev.faultline.collector.testing.TestFrames.batch;
import static dev.faultline.collector.testing.TestFrames.definitions;
import static dev.faultline.collector.testing.TestFrames.hello;
import static dev.faultline.collector.testing.TestFrames.helloFrame;
import static dev.faultline.collector.testing.TestFrames.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.testing.TestFrames;
import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.Goodbye;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IngestPipelineTest {

  private static final long NOW = 1_764_214_200_000L;

  private final List<DecodedBatch> applied = new CopyOnWriteArrayList<>();
  private final AgentLedger ledger = new AgentLedger();
  private final IngestStats stats = new IngestStats();

  private EmbeddedChannel channel(int maxFrameBytes) {
    IngestContext context = new IngestContext(maxFrameBytes, 1000, 1000, applied::add, ledger, stats, () -> NOW);
    return new EmbeddedChannel(new ChannelInitializer<EmbeddedChannel>() {
      @Override
      protected void initChannel(EmbeddedChannel ch) {
        IngestChannelInitializer.configure(ch.pipeline(), context, 60_000);
      }
    });
  }

  private static EmbeddedChannel channel(IngestContext context) {
    return new EmbeddedChannel(new ChannelInitializer<EmbeddedChannel>() {
      @Override
      protected void initChannel(EmbeddedChannel ch) {
        IngestChannelInitializer.configure(ch.pipeline(), context, 60_000);
      }
    });
  }

  private EmbeddedChannel channel() {
    return channel(Protocol.DEFAULT_MAX_FRAME_BYTES);
  }

  private static ServerFrame readServerFrame(EmbeddedChannel ch) {
    ByteBuf buf = ch.readOutbound();
    if (buf == null) {
      return null;
    }
    try {
      return TestFrames.parseServerFrame(ByteBufUtil.getBytes(buf));
    } finally {
      buf.release();
    }
  }

  /** Frames after the magic: what a connection sends once its stream has begun. */
  private static byte[] frames(ClientFrame... frames) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (ClientFrame f : frames) {
      out.writeBytes(TestFrames.framed(f));
    }
    return out.toByteArray();
  }

  private static Hello agent(String id) {
    return hello(id, "checkout", "checkout-1", "web-1");
  }

  @Test
  void streamSplitAtEveryByteIsDecodedLikeOneChunk() {
    EmbeddedChannel ch = channel();
    byte[] bytes = stream(helloFrame(agent("a1")), definitions("jvm_threads_live", "cpu_usage_ratio"),
        batch(1, NOW, new int[] {0, 1}, new double[] {12, 0.5}));
    for (byte b : bytes) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertTrue(readServerFrame(ch).getHelloReply().getAccepted());
    assertEquals(1, readServerFrame(ch).getAck().getSequence());
    assertEquals(1, applied.size());
    DecodedBatch b = applied.get(0);
    assertEquals(2, b.sampleCount());
    assertEquals("jvm_threads_live{service=\"checkout\",instance=\"checkout-1\",host=\"web-1\"}",
        b.series()[0].key().id());
    assertEquals(0.5, b.values()[1]);
    assertEquals(NOW, b.timestamps()[1]);
    assertTrue(ch.isActive());
  }

  @Test
  void framesSplitAcrossChunkBoundariesAreReassembled() {
    EmbeddedChannel ch = channel();
    byte[] bytes = stream(helloFrame(agent("a1")), definitions("m"), batch(1, NOW, new int[] {0}, new double[] {1}),
        batch(2, NOW + 1, new int[] {0}, new double[] {2}));
    // cut inside the magic, inside a length prefix and inside a payload
    int[] cuts = {2, 7, 13, bytes.length - 5, bytes.length};
    int from = 0;
    for (int cut : cuts) {
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, cut - from));
      from = cut;
    }
    assertTrue(readServerFrame(ch).hasHelloReply());
    assertEquals(1, readServerFrame(ch).getAck().getSequence());
    assertEquals(2, readServerFrame(ch).getAck().getSequence());
    assertEquals(2, applied.size());
  }

  @Test
  void largeBatchesSplitAcrossLargeAndSmallReadsAreReassembled() {
    EmbeddedChannel ch = channel();
    int series = 900; // ~8 KiB per batch frame: reads of several KiB are joined without copying (FrameCumulator)
    String[] metrics = new String[series];
    int[] ids = new int[series];
    for (int i = 0; i < series; i++) {
      metrics[i] = "m" + i;
      ids[i] = i;
    }
    double[][] values = new double[3][series];
    for (int b = 0; b < 3; b++) {
      for (int i = 0; i < series; i++) {
        values[b][i] = b * 10_000 + i + 0.25;
      }
    }
    byte[] bytes = stream(helloFrame(agent("a1")), definitions(metrics), batch(1, NOW, ids, values[0]),
        batch(2, NOW + 1, ids, values[1]), batch(3, NOW + 2, ids, values[2]));
    // large reads (appended as components) and small ones (copied) in turn, cutting frames anywhere
    int[] sizes = {4096, 100, 6000, 7, 5000, 4500, 1, 9000, 4096};
    int from = 0;
    for (int i = 0; from < bytes.length; i++) {
      int n = Math.min(sizes[i % sizes.length], bytes.length - from);
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, n));
      from += n;
    }
    assertTrue(readServerFrame(ch).getHelloReply().getAccepted());
    assertEquals(3, applied.size());
    for (int b = 0; b < 3; b++) {
      assertEquals(b + 1, readServerFrame(ch).getAck().getSequence());
      DecodedBatch applied = this.applied.get(b);
      assertEquals(series, applied.sampleCount());
      for (int i = 0; i < series; i++) {
        assertEquals(values[b][i], applied.values()[i]);
        assertEquals("m" + i, applied.series()[i].key().metric());
      }
    }
    assertTrue(ch.isActive());
  }

  @Test
  void oversizeFrameIsRejectedWithoutWaitingForItsBody() {
    EmbeddedChannel ch = channel(1024);
    ch.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")))));
    readServerFrame(ch);
    ch.writeInbound(Unpooled.buffer().writeInt(1025).writeByte(0));
    ServerFrame rejection = readServerFrame(ch);
    assertEquals(RejectionCause.REJECTION_CAUSE_FRAME_TOO_LARGE, rejection.getRejection().getCause());
    assertTrue(rejection.getRejection().getMessage().contains("1025"), rejection.toString());
    assertFalse(ch.isOpen());
    assertEquals(1, stats.rejections().count(RejectionCause.REJECTION_CAUSE_FRAME_TOO_LARGE));
  }

  @Test
  void tlsClientHelloIsRejectedAsTls() {
    ServerFrame r = rejectedPreamble(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
    assertEquals(RejectionCause.REJECTION_CAUSE_BAD_MAGIC, r.getRejection().getCause());
    assertTrue(r.getRejection().getMessage().contains("TLS"), r.getRejection().getMessage());
  }

  @Test
  void httpRequestIsRejectedAsHttp() {
    ServerFrame r = rejectedPreamble("GET /healthz HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(r.getRejection().getMessage().contains("HTTP"), r.getRejection().getMessage());
    ServerFrame post = rejectedPreamble("POST /x HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(post.getRejection().getMessage().contains("HTTP"), post.getRejection().getMessage());
  }

  @Test
  void noiseIsRejectedWithTheBytesSeen() {
    ServerFrame r = rejectedPreamble(new byte[] {0x00, 0x00, 0x00, 0x10});
    assertEquals(RejectionCause.REJECTION_CAUSE_BAD_MAGIC, r.getRejection().getCause());
    assertTrue(r.getRejection().getMessage().contains("00000010"), r.getRejection().getMessage());
  }

  private ServerFrame rejectedPreamble(byte[] bytes) {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(bytes));
    ServerFrame r = readServerFrame(ch);
    assertFalse(ch.isOpen());
    return r;
  }

  @Test
  void unsupportedVersionIsRefusedNamingTheSupportedOne() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1").toBuilder().setProtocolVersion(7).build()))));
    ServerFrame reply = readServerFrame(ch);
    assertFalse(reply.getHelloReply().getAccepted());
    assertTrue(reply.getHelloReply().getReason().contains("version 1"), reply.getHelloReply().getReason());
    assertFalse(ch.isOpen());
    assertEquals(1, stats.rejections().count(RejectionCause.REJECTION_CAUSE_UNSUPPORTED_VERSION));
  }

  @Test
  void batchBeforeHelloIsAProtocolViolation() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(stream(batch(1, NOW, new int[] {0}, new double[] {1}))));
    ServerFrame r = readServerFrame(ch);
    assertEquals(RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, r.getRejection().getCause());
    assertTrue(r.getRejection().getMessage().contains("Hello"), r.getRejection().getMessage());
    assertFalse(ch.isOpen());
    assertTrue(applied.isEmpty());
  }

  @Test
  void undefinedSeriesIdIsAProtocolViolation() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")), definitions("m"),
        batch(1, NOW, new int[] {0, 5}, new double[] {1, 2}))));
    readServerFrame(ch);
    ServerFrame r = readServerFrame(ch);
    assertEquals(RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, r.getRejection().getCause());
    assertTrue(r.getRejection().getMessage().contains("series id 5"), r.getRejection().getMessage());
    assertTrue(applied.isEmpty());
    assertFalse(ch.isOpen());
  }

  @Test
  void malformedProtobufIsRejectedAsMalformed() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")))));
    readServerFrame(ch);
    ch.writeInbound(Unpooled.wrappedBuffer(TestFrames.framed(new byte[] {0x1A, 0x7F, 0x01})));
    ServerFrame r = readServerFrame(ch);
    assertEquals(RejectionCause.REJECTION_CAUSE_MALFORMED, r.getRejection().getCause());
    assertFalse(ch.isOpen());
  }

  @Test
  void duplicateSequenceIsAckedButAppliedOnce() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")), definitions("m"),
        batch(1, NOW, new int[] {0}, new double[] {1}), batch(1, NOW, new int[] {0}, new double[] {1}))));
    readServerFrame(ch);
    assertEquals(1, readServerFrame(ch).getAck().getSequence());
    assertNull(readServerFrame(ch), "one cumulative ack for the read burst");
    assertEquals(1, applied.size());
    assertEquals(1, stats.batchesDuplicate());
    ch.writeInbound(Unpooled.wrappedBuffer(frames(batch(1, NOW, new int[] {0}, new double[] {1}))));
    assertEquals(1, readServerFrame(ch).getAck().getSequence(), "a resend alone is acknowledged again");
    assertEquals(1, applied.size());
  }

  @Test
  void batchesOfOneReadBurstGetOneCumulativeAckForTheHighestSequence() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")), definitions("m"),
        batch(1, NOW, new int[] {0}, new double[] {1}), batch(2, NOW + 1, new int[] {0}, new double[] {2}))));
    assertTrue(readServerFrame(ch).getHelloReply().getAccepted());
    assertEquals(2, readServerFrame(ch).getAck().getSequence());
    assertNull(readServerFrame(ch));
    // one burst: a duplicate (1), then two new batches: the ack covers the highest, 4
    ch.writeInbound(Unpooled.wrappedBuffer(frames(batch(3, NOW + 2, new int[] {0}, new double[] {3}),
        batch(1, NOW, new int[] {0}, new double[] {1}), batch(4, NOW + 3, new int[] {0}, new double[] {4}))));
    assertEquals(4, readServerFrame(ch).getAck().getSequence());
    assertNull(readServerFrame(ch));
    assertEquals(4, applied.size());
    // each burst is acknowledged when it ends, not held for the next
    ch.writeInbound(Unpooled.wrappedBuffer(frames(batch(5, NOW + 4, new int[] {0}, new double[] {5}))));
    assertEquals(5, readServerFrame(ch).getAck().getSequence());
  }

  @Test
  void batchesStoredBeforeABadFrameOrAGoodbyeInTheSameBurstAreAcknowledgedBeforeTheClose() {
    EmbeddedChannel bad = channel();
    bad.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")), definitions("m"),
        batch(1, NOW, new int[] {0}, new double[] {1}), batch(2, NOW + 1, new int[] {5}, new double[] {2}))));
    assertTrue(readServerFrame(bad).hasHelloReply());
    assertEquals(1, readServerFrame(bad).getAck().getSequence());
    assertEquals(RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, readServerFrame(bad).getRejection().getCause());
    assertFalse(bad.isOpen());

    EmbeddedChannel leaving = channel();
    leaving.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a2")), definitions("m"),
        batch(1, NOW, new int[] {0}, new double[] {1}), ClientFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setReason("shutting down")).build())));
    assertTrue(readServerFrame(leaving).hasHelloReply());
    assertEquals(1, readServerFrame(leaving).getAck().getSequence());
    assertFalse(leaving.isOpen());
    assertEquals(2, applied.size());
  }

  @Test
  void reconnectLearnsLastSequenceAndResendIsAppliedOnce() {
    EmbeddedChannel first = channel();
    first.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")), definitions("m"),
        batch(1, NOW, new int[] {0}, new double[] {1}), batch(2, NOW + 1, new int[] {0}, new double[] {2}))));
    first.close();
    EmbeddedChannel second = channel();
    second.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")), definitions("m"),
        batch(2, NOW + 1, new int[] {0}, new double[] {2}), batch(3, NOW + 2, new int[] {0}, new double[] {3}))));
    assertEquals(2, readServerFrame(second).getHelloReply().getLastSequence());
    assertEquals(3, readServerFrame(second).getAck().getSequence()); // cumulative: the resent 2 and the new 3
    assertEquals(3, applied.size());
  }

  @Test
  void silentConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(Protocol.MAGIC));
    Thread.sleep(1100);
    ch.runPendingTasks();
    ServerFrame r = readServerFrame(ch);
    assertEquals(RejectionCause.REJECTION_CAUSE_PROTOCOL_VIOLATION, r.getRejection().getCause());
    assertTrue(r.getRejection().getMessage().contains("no Hello"), r.getRejection().getMessage());
    assertFalse(ch.isOpen());
  }

  @Test
  void sinkFailureRejectsAsUnavailableAndDoesNotAdvanceTheSequence() {
    IngestContext failing = new IngestContext(4096, 1000, 1000, b -> {
      throw new IllegalStateException("disk full");
    }, ledger, stats, () -> NOW);
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelInitializer<EmbeddedChannel>() {
      @Override
      protected void initChannel(EmbeddedChannel c) {
        IngestChannelInitializer.configure(c.pipeline(), failing, 60_000);
      }
    });
    ch.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a9")), definitions("m"),
        batch(1, NOW, new int[] {0}, new double[] {1}))));
    readServerFrame(ch);
    assertEquals(RejectionCause.REJECTION_CAUSE_UNAVAILABLE, readServerFrame(ch).getRejection().getCause());
    assertEquals(0, ledger.lastSequence("a9"));
    assertNull(readServerFrame(ch));
  }

  @Test
  void hostMetricsDropServiceAndInstanceFromTheKey() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(stream(helloFrame(agent("a1")), definitions("host_load1", "jvm_threads_live"),
        batch(1, NOW, new int[] {0, 1}, new double[] {1, 2}))));
    assertEquals("host_load1{host=\"web-1\"}", applied.get(0).series()[0].key().id());
    TimeUnit.MILLISECONDS.toNanos(0);
  }

  private static byte[] threeBatches() {
    return stream(helloFrame(agent("a1")), definitions("m", "n"),
        batch(1, NOW, new int[] {0, 1}, new double[] {1, 2}),
        batch(2, NOW + 1, new int[] {1, 0}, new double[] {3, 4}),
        batch(3, NOW + 2, new int[] {0}, new double[] {5}));
  }

  @Test
  void batchesASinkKeepsStayIntactWhileLaterBatchesArrive() {
    EmbeddedChannel ch = channel(); // applied::add keeps the batches, as a detection queue does
    ch.writeInbound(Unpooled.wrappedBuffer(threeBatches()));
    assertEquals(3, applied.size());
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(applied.get(0).values()[0], applied.get(0).values()[1],
        applied.get(1).values()[0], applied.get(1).values()[1], applied.get(2).values()[0]));
    assertEquals(List.of(NOW, NOW + 1, NOW + 2), List.of(applied.get(0).timestamps()[1],
        applied.get(1).timestamps()[1], applied.get(2).timestamps()[0]));
    assertEquals("n", applied.get(1).series()[0].key().metric());
  }

  @Test
  void aCopyingSinkGetsEveryBatchRightInTheConnectionsReusedArrays() {
    List<String> seen = new CopyOnWriteArrayList<>();
    java.util.Set<Object> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    BatchSink copying = BatchSink.copying(b -> {
      arrays.add(b.values());
      for (int i = 0; i < b.sampleCount(); i++) {
        seen.add(b.series()[i].key().metric() + "@" + (b.timestamps()[i] - NOW) + "=" + b.values()[i]);
      }
    });
    IngestContext context = new IngestContext(Protocol.DEFAULT_MAX_FRAME_BYTES, 1000, 1000, copying, ledger, stats,
        () -> NOW);
    assertTrue(context.sinkCopiesBatches());
    EmbeddedChannel ch = channel(context);
    ch.writeInbound(Unpooled.wrappedBuffer(threeBatches()));
    assertEquals(List.of("m@0=1.0", "n@0=2.0", "n@1=3.0", "m@1=4.0", "m@2=5.0"), seen);
    assertEquals(1, arrays.size(), "one values array per connection, reused batch after batch");
    assertTrue(readServerFrame(ch).hasHelloReply());
    assertEquals(3, readServerFrame(ch).getAck().getSequence()); // one read: one cumulative ack
  }
}
