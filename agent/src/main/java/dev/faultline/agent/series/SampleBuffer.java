package dev.faultline.agent.series;

import java.util.Arrays;

/**
 * One interval's samples as two parallel growable arrays, reused from interval to interval so that collecting
 * does not allocate once the arrays have grown to size. Not thread-safe.
 */
public final class SampleBuffer {

  private int[] ids = new int[64];
  private double[] values = new double[64];
  private int size;

  /** Adds a sample; NaN and infinite values (a bean that had nothing to say) are skipped. */
  public void add(int seriesId, double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    ids[size] = seriesId;
    values[size] = value;
    size++;
  }

  public int size() {
    return size;
  }

  public int id(int index) {
    return ids[index];
  }

  public double value(int index) {
    return values[index];
  }

  public void clear() {
    size = 0;
  }
}
