package dev.faultline.collector.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A range read skips whole chunks before the range and binary-searches the first one; same points as a scan. */
class RangeReadTest {
  private static final long T0 = 1_795_000_000_000L;

  @Test
  void firstAtOrAfterFindsTheFirstRowNotBeforeTheTime() {
    long[] times = {10, 20, 30, 40, 0, 0};
    assertEquals(0, RowBlock.firstAtOrAfter(times, 0, 4, 5));
    assertEquals(1, RowBlock.firstAtOrAfter(times, 0, 4, 20));
    assertEquals(2, RowBlock.firstAtOrAfter(times, 0, 4, 21));
    assertEquals(4, RowBlock.firstAtOrAfter(times, 0, 4, 41));
    assertEquals(3, RowBlock.firstAtOrAfter(times, 3, 4, 5)); // never before from
  }

  @Test
  void rangeReadsAcrossManyChunksAndAnEvictedHeadMatchAScan() {
    int points = 6_000; // chunks of 8, 16, ... 1024 rows: a dozen of them
    long retention = 5_000 * 1_000L; // older points evicted: the first live chunk starts mid-way
    SeriesStore store = new SeriesStore(retention, 1L << 30, 100_000, () -> T0 + points * 1_000L);
    AgentInfo agent = new AgentInfo("a", "svc", "svc-1", "node", 1, "jvm", "17", "0.1", 0);
    SeriesRef ref = new SeriesRef(SeriesKey.of("g", Map.of(), "svc", "svc-1", "node"), "gauge", "");
    SeriesRef[] refs = new SeriesRef[points];
    long[] ts = new long[points];
    double[] values = new double[points];
    for (int i = 0; i < points; i++) {
      refs[i] = ref;
      ts[i] = T0 + i * 1_000L;
      values[i] = i;
    }
    store.append(new DecodedBatch(agent, 1, 0, points, refs, ts, values, List.of(), List.of(), List.of()));
    MemorySeries s = store.list(k -> true).get(0);
    long oldest = s.read(Long.MIN_VALUE, Long.MAX_VALUE).timestamps()[0];
    for (long[] range : new long[][] {{T0, T0 + 10_000}, {T0 + 2_500_500, T0 + 2_600_000},
        {T0 + 5_999_000, Long.MAX_VALUE}, {Long.MIN_VALUE, oldest + 3_000}, {T0 + 7_000_000, Long.MAX_VALUE},
        {oldest + 1, oldest + 1}}) {
      long from = Math.max(range[0], oldest);
      long to = Math.min(range[1], T0 + (points - 1) * 1_000L);
      long first = from <= oldest ? oldest : ((from - T0 + 999) / 1_000) * 1_000 + T0;
      long[] expected = first > to ? new long[0] : LongStream.iterate(first, t -> t <= to, t -> t + 1_000).toArray();
      assertArrayEquals(expected, s.read(range[0], range[1]).timestamps(), range[0] + ".." + range[1]);
    }
  }
}
