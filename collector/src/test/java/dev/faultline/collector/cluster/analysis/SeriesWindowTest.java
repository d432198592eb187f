package dev.faultline.collector.cluster.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.collector.model.SeriesKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The stored chunk format (changelog records outlive a version of the code) and a window's restore from it. */
class SeriesWindowTest {

  private static final SeriesKey KEY = SeriesKey.of("jvm_threads_live", Map.of("pool", "main"), "checkout",
      "checkout-1", "web-1");

  @Test
  void aChunkIsVersionCountThenBigEndianTimestampAndValuePerPoint() throws Exception {
    SeriesWindow w = new SeriesWindow(KEY, "gauge", "");
    for (int i = 0; i < 70; i++) { // chunk 0 full (60 points), chunk 1 holds 10
      w.append(1_000L * i, i * 1.5, 720);
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(expected);
    out.writeByte(1);
    out.writeInt(10);
    for (int i = 60; i < 70; i++) {
      out.writeLong(1_000L * i);
      out.writeDouble(i * 1.5);
    }
    assertArrayEquals(expected.toByteArray(), w.encodeChunk(1));
    assertEquals(5 + 60 * 16, w.encodeChunk(0).length);
  }

  @Test
  void aWindowRestoredFromItsChunksHasTheSamePointsAndCount() {
    SeriesWindow w = new SeriesWindow(KEY, "gauge", "ms");
    for (int i = 0; i < 800; i++) {
      w.append(1_000L * i, Math.sin(i), 720);
    }
    TreeMap<Long, byte[]> chunks = new TreeMap<>();
    for (long c = (w.total() - w.size()) / SeriesWindow.CHUNK; c <= (w.total() - 1) / SeriesWindow.CHUNK; c++) {
      chunks.put(c, w.encodeChunk(c));
    }
    SeriesWindow back = SeriesWindow.restore(w.encodeMeta(), chunks, 720);
    assertEquals(w.total(), back.total());
    assertEquals(KEY, back.key());
    assertEquals("ms", back.unit());
    assertArrayEquals(w.history().timestamps(), back.history().timestamps());
    assertArrayEquals(w.history().values(), back.history().values());
  }
}
