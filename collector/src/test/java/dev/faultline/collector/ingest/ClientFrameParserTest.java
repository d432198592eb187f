package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import dev.faultline.collector.testing.TestFrames;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.Event;
import dev.faultline.proto.v1.Goodbye;
import dev.faultline.proto.v1.Hello;
import dev.faultline.proto.v1.HistogramSample;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.SampleGroup;
import dev.faultline.proto.v1.SeriesDefinitions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The batch reader reads frames in place from the buffers they arrive in: whatever way a frame is cut into buffers
 * (heap, direct, a composite split anywhere, even inside a varint or a double), it must read what protobuf's own
 * parser reads, and reject what protobuf rejects.
 */
class ClientFrameParserTest {

  /** Two groups, multi-byte ids and timestamps, every optional part, and unknown fields of every wire type. */
  private static byte[] richBatch() throws IOException {
    MetricBatch batch = MetricBatch.newBuilder()
        .setSequence(1L << 40)
        .setDroppedBatches(3)
        .addGroups(SampleGroup.newBuilder().setTimestampUnixMs(1_764_214_200_000L)
            .addAllSeriesIds(java.util.List.of(0, 1, 127, 128, 300, 70_000))
            .addAllValues(java.util.List.of(0.5, -1.0, 1e300, Double.NaN, 42.0, -0.0)))
        .addGroups(SampleGroup.newBuilder().setTimestampUnixMs(1_764_214_201_000L)
            .addSeriesIds(5).addValues(7.25))
        .addEdges(EdgeStats.newBuilder().setCaller("checkout").setCallee("db:pg").setCalls(9))
        .addEvents(Event.newBuilder().setKey("java.io.IOException").setCount(2))
        .addHistograms(HistogramSample.newBuilder().setSeriesId(1).setCount(4).setSumSeconds(0.25))
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeMessage(3, batch);
    coded.flush();
    // unknown fields after the batch, inside the frame: varint, fixed64, bytes, group, fixed32
    return withUnknownFields(out.toByteArray());
  }

  private static byte[] withUnknownFields(byte[] frame) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(frame);
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeUInt64(20, 123_456_789L);
    coded.writeFixed64(21, -1L);
    coded.writeBytes(22, com.google.protobuf.ByteString.copyFromUtf8("future"));
    coded.writeTag(23, 3); // start group
    coded.writeUInt32(1, 5);
    coded.writeTag(23, 4); // end group
    coded.writeFixed32(24, 77);
    coded.flush();
    return out.toByteArray();
  }

  private static WireBatch expected() throws IOException {
    MetricBatch b = ClientFrame.parseFrom(richBatch()).getBatch();
    int n = b.getGroupsList().stream().mapToInt(SampleGroup::getSeriesIdsCount).sum();
    int[] ids = new int[n];
    long[] ts = new long[n];
    double[] values = new double[n];
    int i = 0;
    for (SampleGroup g : b.getGroupsList()) {
      for (int k = 0; k < g.getSeriesIdsCount(); k++, i++) {
        ids[i] = g.getSeriesIds(k);
        ts[i] = g.getTimestampUnixMs();
        values[i] = g.getValues(k);
      }
    }
    return new WireBatch(b.getSequence(), b.getDroppedBatches(), n, ids, ts, values, b.getHistogramsList(),
        b.getEdgesList(), b.getEventsList());
  }

  private static void assertSameBatch(WireBatch want, Object parsed) {
    WireBatch got = (WireBatch) parsed;
    int n = want.sampleCount();
    assertEquals(want.sequence(), got.sequence());
    assertEquals(want.droppedBatches(), got.droppedBatches());
    assertEquals(n, got.sampleCount());
    assertArrayEquals(want.seriesIds(), Arrays.copyOf(got.seriesIds(), n));
    assertArrayEquals(want.timestamps(), Arrays.copyOf(got.timestamps(), n));
    for (int i = 0; i < n; i++) { // bit for bit: NaN and -0.0 included
      assertEquals(Double.doubleToRawLongBits(want.values()[i]), Double.doubleToRawLongBits(got.values()[i]), "value " + i);
    }
    assertEquals(want.histograms(), got.histograms());
    assertEquals(want.edges(), got.edges());
    assertEquals(want.events(), got.events());
  }

  /** {@code bytes} as a composite of direct buffers cut at {@code cuts}. */
  private static ByteBuf composite(byte[] bytes, int... cuts) {
    CompositeByteBuf c = Unpooled.compositeBuffer(cuts.length + 1);
    int from = 0;
    for (int cut : cuts) {
      c.addComponent(true, Unpooled.directBuffer(cut - from).writeBytes(bytes, from, cut - from));
      from = cut;
    }
    c.addComponent(true, Unpooled.directBuffer(bytes.length - from + 1).writeBytes(bytes, from, bytes.length - from));
    return c;
  }

  private static Object parse(ByteBuf buf) {
    try {
      return ClientFrameParser.parse(buf);
    } finally {
      buf.release();
    }
  }

  @Test
  void aBatchReadsAsProtobufReadsItFromHeapDirectAndOffsetBuffers() throws IOException {
    byte[] bytes = richBatch();
    WireBatch want = expected();
    assertSameBatch(want, parse(Unpooled.wrappedBuffer(bytes)));
    assertSameBatch(want, parse(Unpooled.directBuffer(bytes.length).writeBytes(bytes)));
    // readable bytes in the middle of a larger buffer, as a frame inside a socket read
    ByteBuf padded = Unpooled.directBuffer().writeZero(13).writeBytes(bytes).writeZero(9);
    assertSameBatch(want, parse(padded.retainedSlice(13, bytes.length)));
    padded.release();
  }

  @Test
  void aBatchSplitBetweenTwoBuffersAtEveryByteReadsTheSame() throws IOException {
    byte[] bytes = richBatch();
    WireBatch want = expected();
    for (int cut = 1; cut < bytes.length; cut++) {
      assertSameBatch(want, parse(composite(bytes, cut)));
    }
  }

  @Test
  void aBatchInOneByteBuffersReadsTheSame() throws IOException {
    byte[] bytes = richBatch();
    int[] cuts = new int[bytes.length - 1];
    Arrays.setAll(cuts, i -> i + 1);
    assertSameBatch(expected(), parse(composite(bytes, cuts)));
  }

  @Test
  void aLargeBatchReadsTheSameWhereverTwoReadsMeet() throws IOException {
    int n = 5000;
    int[] ids = new int[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i * 37;
      values[i] = i * 1.5 - 7;
    }
    byte[] bytes = TestFrames.batch(9, 1_764_214_200_000L, ids, values).toByteArray();
    java.util.Random random = new java.util.Random(1);
    for (int k = 0; k < 200; k++) {
      int cut1 = 1 + random.nextInt(bytes.length - 2);
      int cut2 = cut1 + 1 + random.nextInt(bytes.length - cut1 - 1);
      WireBatch got = (WireBatch) parse(composite(bytes, cut1, cut2));
      assertEquals(n, got.sampleCount());
      assertArrayEquals(ids, Arrays.copyOf(got.seriesIds(), n));
      assertArrayEquals(values, Arrays.copyOf(got.values(), n));
    }
  }

  @Test
  void helloDefinitionsAndGoodbyeUseTheGeneratedMessages() {
    Hello hello = TestFrames.hello("a1", "checkout", "checkout-1", "web-1");
    ClientFrame definitions = TestFrames.definitions("jvm_threads_live", "cpu_usage_ratio");
    Goodbye goodbye = Goodbye.newBuilder().setReason("shutdown").build();
    byte[] helloBytes = TestFrames.helloFrame(hello).toByteArray();
    assertEquals(hello, parse(composite(helloBytes, helloBytes.length / 2)));
    assertEquals(definitions.getDefinitions(), parse(Unpooled.wrappedBuffer(definitions.toByteArray())));
    assertEquals(goodbye, parse(Unpooled.wrappedBuffer(ClientFrame.newBuilder().setGoodbye(goodbye).build().toByteArray())));
    assertTrue(parse(Unpooled.wrappedBuffer(definitions.toByteArray())) instanceof SeriesDefinitions);
  }

  @Test
  void everyTruncationOfABatchIsRejectedAsMalformed() throws IOException {
    byte[] bytes = richBatch();
    int batchEnd = bytes.length - withUnknownFields(new byte[0]).length;
    for (int len = 0; len < batchEnd; len++) {
      byte[] prefix = Arrays.copyOf(bytes, len);
      int cut = Math.max(1, len / 2);
      for (Function<byte[], ByteBuf> wrap : java.util.List.<Function<byte[], ByteBuf>>of(
          Unpooled::wrappedBuffer, b -> b.length > 1 ? composite(b, cut) : Unpooled.wrappedBuffer(b))) {
        FrameRejectedException e = assertThrows(FrameRejectedException.class, () -> parse(wrap.apply(prefix)),
            "prefix of " + len + " bytes");
        assertEquals(RejectionCause.REJECTION_CAUSE_MALFORMED, e.rejectionCause());
      }
    }
  }

  @Test
  void malformedBatchesAreRejectedWithTheReason() throws IOException {
    // packed values whose length is not a multiple of 8
    byte[] group = concat(new byte[] {0x08, 0x01, 0x12, 0x01, 0x00, 0x1A, 0x07}, new byte[7]);
    assertMalformed(batchOf(group), "packed values of 7 bytes");
    // two ids, one value
    group = concat(new byte[] {0x12, 0x02, 0x00, 0x01, 0x1A, 0x08}, new byte[8]);
    assertMalformed(batchOf(group), "2 series ids but 1 values");
    // an end-group tag inside a group, with no group open
    assertMalformed(batchOf(new byte[] {0x08, 0x01, 0x0C}), "end-group tag");
    // wire type 7 does not exist
    assertMalformed(batchOf(new byte[] {0x0F}), "invalid wire type 7");
    // field number 0
    assertMalformed(batchOf(new byte[] {0x00}), "field with number 0");
    // a varint of 11 bytes
    assertMalformed(batchOf(new byte[] {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01}), "longer than 10 bytes");
    // nothing known in the frame
    assertMalformed(new byte[] {(byte) 0xA0, 0x01, 0x05}, "no hello, definitions, batch or goodbye");
  }

  /** A ClientFrame{batch{groups: group}}. */
  private static byte[] batchOf(byte[] group) {
    byte[] batch = concat(new byte[] {0x08, 0x01, 0x12, (byte) group.length}, group);
    return concat(new byte[] {0x1A, (byte) batch.length}, batch);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void assertMalformed(byte[] frame, String reason) {
    FrameRejectedException e = assertThrows(FrameRejectedException.class, () -> parse(Unpooled.wrappedBuffer(frame)));
    assertEquals(RejectionCause.REJECTION_CAUSE_MALFORMED, e.rejectionCause());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  /** A batch frame of one group: sample k has series id k * 3 and value {@code base + k}. */
  private static ByteBuf batchFrame(long sequence, long timestamp, int samples, double base) throws IOException {
    SampleGroup.Builder group = SampleGroup.newBuilder().setTimestampUnixMs(timestamp);
    for (int k = 0; k < samples; k++) {
      group.addSeriesIds(k * 3).addValues(base + k);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeMessage(3, MetricBatch.newBuilder().setSequence(sequence).addGroups(group).build());
    coded.flush();
    return Unpooled.directBuffer().writeBytes(out.toByteArray());
  }

  private static WireBatch read(ClientFrameParser parser, ByteBuf frame) {
    try {
      return (WireBatch) parser.read(frame);
    } finally {
      frame.release();
    }
  }

  private static void assertBatch(WireBatch got, long timestamp, int samples, double base) {
    assertEquals(samples, got.sampleCount());
    for (int k = 0; k < samples; k++) {
      assertEquals(k * 3, got.seriesIds()[k], "id " + k);
      assertEquals(timestamp, got.timestamps()[k], "timestamp " + k);
      assertEquals(base + k, got.values()[k], "value " + k);
    }
  }

  @Test
  void aConnectionParserReusesItsArraysWhenTheConsumerCopies() throws IOException {
    ClientFrameParser parser = new ClientFrameParser(true);
    WireBatch first = read(parser, batchFrame(1, 1000, 500, 0.5));
    assertBatch(first, 1000, 500, 0.5);
    WireBatch second = read(parser, batchFrame(2, 2000, 400, 7.0)); // smaller: fits the same arrays
    assertBatch(second, 2000, 400, 7.0);
    assertTrue(first.seriesIds() == second.seriesIds() && first.timestamps() == second.timestamps()
        && first.values() == second.values(), "the second batch was parsed into the first one's arrays");
    WireBatch third = read(parser, batchFrame(3, 3000, 2000, -1.0)); // larger: new arrays, then kept
    assertBatch(third, 3000, 2000, -1.0);
    WireBatch fourth = read(parser, batchFrame(4, 4000, 2000, 3.0));
    assertBatch(fourth, 4000, 2000, 3.0);
    assertTrue(third.values() == fourth.values(), "the grown arrays are the ones kept");
  }

  @Test
  void aConnectionParserLeavesEarlierBatchesIntactWhenTheConsumerKeepsThem() throws IOException {
    ClientFrameParser parser = new ClientFrameParser(false);
    WireBatch first = read(parser, batchFrame(1, 1000, 500, 0.5));
    WireBatch second = read(parser, batchFrame(2, 2000, 500, 9.0));
    assertBatch(second, 2000, 500, 9.0);
    // a queued batch (detection, a WAL append in flight) still reads as parsed
    assertEquals(500, first.sampleCount());
    for (int k = 0; k < 500; k++) {
      assertEquals(1000, first.timestamps()[k]);
      assertEquals(0.5 + k, first.values()[k]);
    }
    assertTrue(first.values() != second.values() && first.timestamps() != second.timestamps());
    assertTrue(first.seriesIds() == second.seriesIds(), "series ids are consumed before the next frame: reused");
  }

  @Test
  void theStaticParserAllocatesFreshArraysEveryTime() throws IOException {
    ByteBuf a = batchFrame(1, 1000, 10, 0);
    ByteBuf b = batchFrame(2, 2000, 10, 1);
    WireBatch first = (WireBatch) parse(a);
    WireBatch second = (WireBatch) parse(b);
    assertTrue(first.seriesIds() != second.seriesIds() && first.values() != second.values());
    assertBatch(first, 1000, 10, 0);
  }
}
