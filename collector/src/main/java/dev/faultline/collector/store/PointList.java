package dev.faultline.collector.store;

import java.util.Arrays;

/** A growable list of points in time order, filled by {@link RowBlock#read}; not thread-safe. */
final class PointList implements RowBlock.PointSink {

  private long[] times = new long[16];
  private double[] values = new double[16];
  private int size;

  @Override
  public void add(long timestampMillis, double value) {
    if (size == times.length) {
      times = Arrays.copyOf(times, 2 * size);
      values = Arrays.copyOf(values, 2 * size);
    }
    times[size] = timestampMillis;
    values[size] = value;
    size++;
  }

  MemorySeries.Points toPoints() {
    return new MemorySeries.Points(Arrays.copyOf(times, size), Arrays.copyOf(values, size));
  }

  /** Both lists merged by time; of equal timestamps the one from {@code a} is kept. */
  static PointList merge(PointList a, PointList b) {
    PointList out = new PointList();
    int i = 0;
    int j = 0;
    while (i < a.size || j < b.size) {
      boolean takeA = j == b.size || (i < a.size && a.times[i] <= b.times[j]);
      long t = takeA ? a.times[i] : b.times[j];
      double v = takeA ? a.values[i++] : b.values[j++];
      if (out.size == 0 || t > out.times[out.size - 1]) {
        out.add(t, v);
      }
    }
    return out;
  }
}
