package dev.faultline.collector.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * A pre-encoded {@code ClientFrame{batch}} (length prefix included) with one sample group, whose sequence and
 * timestamp can be patched in place: both are written as 10-byte varints (non-minimal, which every protobuf
 * reader accepts), so changing them never shifts the bytes after them.
 *
 * <pre>
 * len:u32 | 1A len | 08 seq(10B) | 12 len | 08 ts(10B) | 12 len ids(packed varint) | 1A len values(packed fixed64)
 * </pre>
 */
final class BatchFrameTemplate {

  private static final int PADDED_VARINT = 10;

  private final byte[] bytes;
  private final int sequenceOffset;
  private final int timestampOffset;
  /** Everything after the timestamp (ids and values, the bulk of the frame), shared by all frames; never released. */
  private final ByteBuf body;

  /** A batch with one sample per series id {@code 0 .. seriesCount-1}, values from a seeded generator. */
  BatchFrameTemplate(int seriesCount, long seed) {
    Random random = new Random(seed);
    ByteArrayOutputStream ids = new ByteArrayOutputStream();
    ByteArrayOutputStream values = new ByteArrayOutputStream();
    for (int id = 0; id < seriesCount; id++) {
      varint(ids, id);
      long v = Double.doubleToLongBits(random.nextDouble() * 1000);
      for (int b = 0; b < 8; b++) {
        values.write((int) (v >>> (8 * b)));
      }
    }
    ByteArrayOutputStream group = new ByteArrayOutputStream();
    group.write(0x08);
    int tsInGroup = group.size();
    padded(group, 0);
    group.write(0x12);
    varint(group, ids.size());
    group.writeBytes(ids.toByteArray());
    group.write(0x1A);
    varint(group, values.size());
    group.writeBytes(values.toByteArray());

    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    batch.write(0x08);
    int seqInBatch = batch.size();
    padded(batch, 0);
    batch.write(0x12);
    varint(batch, group.size());
    int groupInBatch = batch.size();
    batch.writeBytes(group.toByteArray());

    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x1A);
    varint(frame, batch.size());
    int batchInFrame = frame.size();
    frame.writeBytes(batch.toByteArray());

    byte[] payload = frame.toByteArray();
    bytes = new byte[4 + payload.length];
    bytes[0] = (byte) (payload.length >>> 24);
    bytes[1] = (byte) (payload.length >>> 16);
    bytes[2] = (byte) (payload.length >>> 8);
    bytes[3] = (byte) payload.length;
    System.arraycopy(payload, 0, bytes, 4, payload.length);
    sequenceOffset = 4 + batchInFrame + seqInBatch;
    timestampOffset = 4 + batchInFrame + groupInBatch + tsInGroup;
    int headerBytes = timestampOffset + PADDED_VARINT;
    body = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length - headerBytes)
        .writeBytes(bytes, headerBytes, bytes.length - headerBytes));
  }

  /** Bytes of the whole frame, prefix included. */
  int frameBytes() {
    return bytes.length;
  }

  /** Appends the frame (with length prefix) with {@code sequence} and {@code timestampMillis} to {@code out}. */
  void writeTo(ByteBuf out, long sequence, long timestampMillis) {
    int start = out.writerIndex();
    out.writeBytes(bytes);
    patch(out, start + sequenceOffset, sequence);
    patch(out, start + timestampOffset, timestampMillis);
  }

  /**
   * The frame with {@code sequence} and {@code timestampMillis} as a composite: a fresh header (prefix up to the
   * timestamp) and the shared body. The same bytes as {@link #writeTo}, without copying the body for every frame:
   * a bench agent in the collector's own JVM would otherwise spend collector CPU on a copy a real agent (on its own
   * host, encoding its own batch) does not make here.
   */
  ByteBuf frame(ByteBufAllocator alloc, long sequence, long timestampMillis) {
    int headerBytes = timestampOffset + PADDED_VARINT;
    ByteBuf header = alloc.directBuffer(headerBytes).writeBytes(bytes, 0, headerBytes);
    patch(header, sequenceOffset, sequence);
    patch(header, timestampOffset, timestampMillis);
    CompositeByteBuf frame = alloc.compositeDirectBuffer(2);
    return frame.addComponents(true, header, body.duplicate());
  }

  private static void patch(ByteBuf buf, int index, long value) {
    for (int i = 0; i < PADDED_VARINT - 1; i++) {
      buf.setByte(index + i, (int) ((value >>> (7 * i)) & 0x7F) | 0x80);
    }
    buf.setByte(index + PADDED_VARINT - 1, (int) (value >>> 63) & 0x01);
  }

  private static void padded(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < PADDED_VARINT - 1; i++) {
      out.write((int) ((value >>> (7 * i)) & 0x7F) | 0x80);
    }
    out.write((int) (value >>> 63) & 0x01);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
