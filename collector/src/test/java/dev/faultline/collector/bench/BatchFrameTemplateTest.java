package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.collector.ingest.ClientFrameParser;
import dev.faultline.collector.ingest.WireBatch;
import dev.faultline.common.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class BatchFrameTemplateTest {

  @Test
  void aCompositeFrameHasTheSameBytesAsACopiedOneAndParsesWithItsSequenceAndTimestamp() {
    BatchFrameTemplate template = new BatchFrameTemplate(300, 42);
    for (long sequence : new long[] {1, 2, 1L << 40}) {
      ByteBuf copied = Unpooled.buffer();
      template.writeTo(copied, sequence, 1_764_214_200_000L + sequence);
      ByteBuf composite = template.frame(ByteBufAllocator.DEFAULT, sequence, 1_764_214_200_000L + sequence);
      try {
        assertEquals(template.frameBytes(), composite.readableBytes());
        assertArrayEquals(ByteBufUtil.getBytes(copied), ByteBufUtil.getBytes(composite));
        WireBatch batch = (WireBatch) ClientFrameParser.parse(
            composite.slice(Protocol.LENGTH_PREFIX_BYTES, composite.readableBytes() - Protocol.LENGTH_PREFIX_BYTES));
        assertEquals(sequence, batch.sequence());
        assertEquals(300, batch.sampleCount());
        assertEquals(1_764_214_200_000L + sequence, batch.timestamps()[299]);
      } finally {
        copied.release();
        composite.release();
      }
    }
    // the shared body survives its frames being released
    ByteBuf again = template.frame(ByteBufAllocator.DEFAULT, 7, 7);
    assertEquals(template.frameBytes(), ByteBufUtil.getBytes(again).length);
    again.release();
  }
}
