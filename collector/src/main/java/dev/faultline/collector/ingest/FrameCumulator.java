package dev.faultline.collector.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ByteToMessageDecoder.Cumulator;

/**
 * Joins socket reads for the frame decoder without copying the large ones.
 *
 * <p>Why: a batch frame (tens of KiB) rarely ends where a socket read ends, so the frame decoder nearly always holds
 * the start of the next frame when a read arrives. Netty's default (merge) cumulator then copies every byte of the
 * read into its cumulation buffer. Here a well-filled read buffer is appended as a component instead: a frame
 * inside one read is parsed from that read's buffer, and a frame spanning reads from the reads' buffers in turn
 * ({@link FrameInput}), without a copy either way.
 *
 * <pre>
 * read (readable >= MIN_COMPONENT_BYTES and >= half its capacity)  -> appended as a component (no copy)
 * anything else (small or mostly empty reads)                      -> copied, as Netty's merge cumulator does
 * </pre>
 *
 * Only well-filled buffers become components, so a peer trickling a large frame in tiny reads cannot make the
 * decoder hold many mostly-empty buffers: memory held stays within about twice the bytes pending, as with merging.
 */
final class FrameCumulator implements Cumulator {

  static final FrameCumulator INSTANCE = new FrameCumulator();

  /** Reads below this are cheaper to copy than to track as a component. */
  static final int MIN_COMPONENT_BYTES = 4096;

  private FrameCumulator() {}

  @Override
  public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
    int readable = in.readableBytes();
    if (readable >= MIN_COMPONENT_BYTES && readable >= in.capacity() / 2) {
      return ByteToMessageDecoder.COMPOSITE_CUMULATOR.cumulate(alloc, cumulation, in);
    }
    return ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
  }
}
