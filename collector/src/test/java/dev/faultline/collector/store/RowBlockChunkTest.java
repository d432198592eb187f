package dev.faultline.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.model.SeriesKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chunk sizes of a block: a wide block (one agent's thousands of series) ends in chunks of one G1 region, which G1
 * allocates outside the young generation; narrower blocks keep their 256 KiB chunks. Either way every row reads back.
 */
class RowBlockChunkTest {

  private static final long RETENTION = Long.MAX_VALUE / 4;

  private static RowBlock block(int width) {
    MemorySeries[] members = new MemorySeries[width];
    for (int i = 0; i < width; i++) {
      members[i] = new MemorySeries(SeriesKey.of("m" + i, Map.of(), "svc", "svc-1", "host"), "gauge", "");
    }
    return new RowBlock(members);
  }

  /** Appends {@code rows} rows (row r: timestamp 1000 + r, column c: r * 10 + c % 10) and checks two columns. */
  private static void fillAndCheck(RowBlock block, int rows) {
    int width = block.width();
    double[] values = new double[width];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < width; c++) {
        values[c] = r * 10 + c % 10;
      }
      assertEquals(RowBlock.APPENDED, block.append(1000L + r, values, 0, 100_000, RETENTION));
    }
    for (int column : new int[] {0, width - 1}) {
      List<Double> got = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      block.read(column, 0, Long.MAX_VALUE, (t, v) -> {
        times.add(t);
        got.add(v);
      });
      assertEquals(rows, got.size());
      for (int r = 0; r < rows; r++) {
        assertEquals(1000L + r, times.get(r));
        assertEquals(r * 10 + column % 10, got.get(r), "row " + r + " column " + column);
      }
    }
  }

  @Test
  void aWideBlockGrowsInYoungChunksThenInRegionSizedOnes() {
    int width = 5000;
    RowBlock block = block(width);
    fillAndCheck(block, 300);
    long row = 8L * (width + 1); // a row's value and timestamp bytes
    if (RowBlock.REGION_CHUNK_VALUES > 0) { // G1 (the default on this machine)
      int full = RowBlock.REGION_CHUNK_VALUES / width;
      assertTrue(full >= 8, "a region holds several rows of 5,000 values");
      // 8, 16, ... rows while below half a region (young), then full chunks only: no half-empty humongous one
      long expected = 0;
      int filled = 0;
      int chunk = 8;
      while (filled < 300) {
        assertTrue(chunk == full || 2L * chunk * width <= RowBlock.REGION_CHUNK_VALUES, "chunk of " + chunk + " rows");
        expected += row * chunk;
        filled += chunk;
        chunk = 2 * Math.min(full, 2 * chunk) > full ? full : Math.min(full, 2 * chunk);
      }
      assertEquals(expected, block.allocatedBytes());
    } else {
      assertEquals(row * 6 * ((300 + 5) / 6), block.allocatedBytes()); // 32 Ki values: 6 rows per chunk
    }
  }

  @Test
  void aNarrowBlockKeepsItsChunkSizes() {
    RowBlock block = block(100); // 32 Ki values per chunk at most: 327 rows
    fillAndCheck(block, 400);
    assertEquals(8L * 101 * (8 + 16 + 32 + 64 + 128 + 256), block.allocatedBytes());
  }

  @Test
  void aWideBlockAtItsCapRecyclesItsChunks() {
    int width = 2000;
    RowBlock block = block(width);
    double[] values = new double[width];
    int cap = 150;
    for (int r = 0; r < 2000; r++) {
      Arrays.fill(values, r);
      assertEquals(RowBlock.APPENDED, block.append(1000L + r, values, 0, cap, RETENTION));
    }
    assertEquals(cap, block.rows());
    long allocated = block.allocatedBytes();
    for (int r = 2000; r < 4000; r++) {
      Arrays.fill(values, r);
      block.append(1000L + r, values, 0, cap, RETENTION);
    }
    assertEquals(cap, block.rows());
    assertTrue(block.allocatedBytes() <= allocated + 8L * (width + 1) * RowBlock.REGION_CHUNK_VALUES / width + 8,
        "bounded while at the cap");
    assertEquals(3999.0, block.lastValue(width - 1));
  }
}
