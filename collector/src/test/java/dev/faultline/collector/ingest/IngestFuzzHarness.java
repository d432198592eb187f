package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.proto.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Feeds one byte stream through the whole ingest pipeline (preamble, framing, decoding, handshake, dictionary,
 * batches) on an {@link EmbeddedChannel} and checks the outcome is clean: nothing escapes, every answer is a valid
 * server frame, a rejection is the last answer and closes the connection, no "unexpected error" was logged, and
 * the bytes allocated stay within a small multiple of the input.
 */
final class IngestFuzzHarness {

  static final int MAX_FRAME_BYTES = 64 * 1024;
  /** Allocation allowed per input: a fixed part (pipeline, protobuf, logging) plus a multiple of its size. */
  static final long FIXED_ALLOCATION = 4L * 1024 * 1024;
  static final int ALLOCATION_PER_INPUT_BYTE = 64;

  private static final Logger HANDLER_LOG = Logger.getLogger(IngestHandler.class.getName());
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    // Class loading and first-use caches (protobuf, Netty, logging) would count against the first input.
    for (int i = 0; i < 3; i++) {
      runUnchecked(IngestFuzzTest.validStream(), 16);
    }
  }

  private IngestFuzzHarness() {}

  private static void runUnchecked(byte[] input, int chunk) {
    EmbeddedChannel ch = channel(new ArrayList<>());
    ch.writeInbound(Unpooled.wrappedBuffer(input));
    ch.finishAndReleaseAll();
  }

  /** What the collector answered to one input. */
  record Outcome(List<ServerFrame> answers, boolean open, long allocatedBytes) {
    boolean rejected() {
      return !answers.isEmpty() && answers.get(answers.size() - 1).hasRejection();
    }
  }

  /** Runs {@code input} split into reads of {@code chunk} bytes and asserts a clean outcome. */
  static Outcome run(byte[] input, int chunk) {
    List<String> unexpected = new CopyOnWriteArrayList<>();
    Handler watch = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getThrown() != null) {
          unexpected.add(r.getMessage() + ": " + r.getThrown());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    HANDLER_LOG.addHandler(watch);
    Level level = HANDLER_LOG.getLevel();
    HANDLER_LOG.setLevel(Level.WARNING);
    HANDLER_LOG.setUseParentHandlers(false); // thousands of inputs: keep the console quiet
    List<DecodedBatch> applied = new ArrayList<>();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    EmbeddedChannel ch = channel(applied);
    try {
      for (int i = 0; i < input.length && ch.isOpen(); i += chunk) {
        ch.writeInbound(Unpooled.wrappedBuffer(input, i, Math.min(chunk, input.length - i)));
        releaseInbound(ch);
      }
      ch.runPendingTasks();
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      List<ServerFrame> answers = answers(ch);
      Outcome outcome = new Outcome(answers, ch.isOpen(), allocated);
      assertTrue(unexpected.isEmpty(), "unexpected error: " + unexpected);
      for (int i = 0; i < answers.size() - 1; i++) {
        assertFalse(answers.get(i).hasRejection(), "a rejection is the last answer");
      }
      if (outcome.rejected()) {
        assertFalse(ch.isOpen(), "a rejected connection is closed");
      }
      assertTrue(allocated < FIXED_ALLOCATION + (long) ALLOCATION_PER_INPUT_BYTE * input.length,
          "allocated " + allocated + " bytes for an input of " + input.length);
      return outcome;
    } finally {
      ch.finishAndReleaseAll();
      HANDLER_LOG.removeHandler(watch);
      HANDLER_LOG.setLevel(level);
      HANDLER_LOG.setUseParentHandlers(true);
    }
  }

  private static EmbeddedChannel channel(List<DecodedBatch> applied) {
    IngestContext context = new IngestContext(MAX_FRAME_BYTES, 10_000, 1000, applied::add, new AgentLedger(),
        new IngestStats(), () -> 1_764_214_200_000L, null, new IngestLimits(10, 64L << 20, 500));
    return new EmbeddedChannel(new ChannelInitializer<EmbeddedChannel>() {
      @Override
      protected void initChannel(EmbeddedChannel ch) {
        IngestChannelInitializer.configure(ch.pipeline(), context, 60_000);
      }
    });
  }

  private static void releaseInbound(EmbeddedChannel ch) {
    for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
      io.netty.util.ReferenceCountUtil.release(o);
    }
  }

  /** Every server frame written, each checked to be a complete, valid frame. */
  private static List<ServerFrame> answers(EmbeddedChannel ch) {
    List<ServerFrame> frames = new ArrayList<>();
    for (ByteBuf buf = ch.readOutbound(); buf != null; buf = ch.readOutbound()) {
      try {
        byte[] bytes = ByteBufUtil.getBytes(buf);
        int length = java.nio.ByteBuffer.wrap(bytes).getInt();
        assertEquals(bytes.length - 4, length, "one whole frame per write");
        frames.add(ServerFrame.parseFrom(java.util.Arrays.copyOfRange(bytes, 4, bytes.length)));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError("the collector wrote an invalid frame", e);
      } finally {
        buf.release();
      }
    }
    return frames;
  }
}
