package dev.faultline.collector.detect.stat;

import java.util.Arrays;

/**
 * The last {@code capacity} values of a series, kept both in arrival order (a ring) and sorted, for exact order
 * statistics over a sliding window: median, quantiles and the median absolute deviation (MAD).
 *
 * <p>Cost per {@link #add}: two binary searches (O(log w) comparisons) and at most two {@code System.arraycopy}
 * shifts of the sorted array (a memmove of at most w doubles, a few nanoseconds for w = 256). {@link #median()} and
 * {@link #quantile} are O(1); {@link #mad()} is O(log^2 w): the deviations below and above the median form two
 * sorted sequences, and their k-th smallest element is found by binary search over how many come from each side.
 * No allocation after construction. Values must be finite. Not thread-safe.
 */
public final class SortedWindow {

  private final double[] ring;
  private final double[] sorted;
  private int size;
  private int head;

  public SortedWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    ring = new double[capacity];
    sorted = new double[capacity];
  }

  /** Adds a finite value, evicting the oldest one when full. */
  public void add(double value) {
    if (size == ring.length) {
      double old = ring[head];
      int at = Arrays.binarySearch(sorted, 0, size, old);
      System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
      size--;
    }
    int at = Arrays.binarySearch(sorted, 0, size, value);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(sorted, at, sorted, at + 1, size - at);
    sorted[at] = value;
    size++;
    ring[head] = value;
    head = head + 1 == ring.length ? 0 : head + 1;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return ring.length;
  }

  public boolean isFull() {
    return size == ring.length;
  }

  /** Median (mean of the two middle values for an even size); NaN when empty. */
  public double median() {
    if (size == 0) {
      return Double.NaN;
    }
    return (sorted[(size - 1) >>> 1] + sorted[size >>> 1]) * 0.5;
  }

  /** Quantile {@code q} in [0, 1] by linear interpolation between order statistics (type 7); NaN when empty. */
  public double quantile(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    double pos = q * (size - 1);
    int lo = (int) pos;
    if (lo >= size - 1) {
      return sorted[size - 1];
    }
    double frac = pos - lo;
    return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
  }

  /** Median absolute deviation from the median (unscaled); NaN when empty. */
  public double mad() {
    if (size == 0) {
      return Double.NaN;
    }
    double m = median();
    int split = upperBound(m);
    if ((size & 1) == 1) {
      return kthDeviation(size >>> 1, m, split);
    }
    return (kthDeviation((size >>> 1) - 1, m, split) + kthDeviation(size >>> 1, m, split)) * 0.5;
  }

  private int upperBound(double m) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= m) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Left deviations: a[t] = m - sorted[split-1-t], ascending in t. */
  private double left(double m, int split, int t) {
    return m - sorted[split - 1 - t];
  }

  /** Right deviations: b[t] = sorted[split+t] - m, ascending in t. */
  private double right(double m, int split, int t) {
    return sorted[split + t] - m;
  }

  /** k-th smallest (0-based) of the union of the left and right deviation sequences. */
  private double kthDeviation(int k, double m, int split) {
    int a = split;
    int b = size - split;
    int need = k + 1;
    int lo = Math.max(0, need - b);
    int hi = Math.min(need, a);
    while (true) {
      int i = (lo + hi) >>> 1;
      int j = need - i;
      if (i > 0 && j < b && left(m, split, i - 1) > right(m, split, j)) {
        hi = i - 1;
      } else if (j > 0 && i < a && right(m, split, j - 1) > left(m, split, i)) {
        lo = i + 1;
      } else {
        double x = i > 0 ? left(m, split, i - 1) : Double.NEGATIVE_INFINITY;
        double y = j > 0 ? right(m, split, j - 1) : Double.NEGATIVE_INFINITY;
        return Math.max(x, y);
      }
    }
  }
}
