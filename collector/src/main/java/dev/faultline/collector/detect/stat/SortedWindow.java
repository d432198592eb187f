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
 * No allocation after construction. Values must be finite. The state lives in a slice of a caller's array ({@code
 * add(state, at, v)}); the no-argument methods use a state this object owns (tests, single use). Not thread-safe.
 */
public final class SortedWindow {

  /** Layout of a window's state slice: size, head, then the ring, then the sorted copy. */
  private static final int SIZE = 0;
  private static final int HEAD = 1;
  private static final int RING = 2;

  private final int capacity;
  private final double[] own;

  /** A window with a state of its own, for the no-argument methods. */
  public SortedWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.own = new double[doubles()];
  }

  /** Doubles of state per window: {@code 2 + 2 * capacity}. */
  public int doubles() {
    return RING + 2 * capacity;
  }

  /** Adds a finite value to the window in this object's own state, evicting the oldest one when full. */
  public void add(double value) {
    add(own, 0, value);
  }

  public int size() {
    return size(own, 0);
  }

  public double median() {
    return median(own, 0);
  }

  public double quantile(double q) {
    return quantile(own, 0, q);
  }

  public double mad() {
    return mad(own, 0);
  }

  public int capacity() {
    return capacity;
  }

  public boolean isFull() {
    return size() == capacity;
  }

  /** Adds a finite value to the window whose state starts at {@code at}, evicting the oldest one when full. */
  public void add(double[] s, int at, double value) {
    int size = (int) s[at + SIZE];
    int head = (int) s[at + HEAD];
    int ring = at + RING;
    int sorted = ring + capacity;
    if (size == capacity) {
      double old = s[ring + head];
      int i = Arrays.binarySearch(s, sorted, sorted + size, old);
      System.arraycopy(s, i + 1, s, i, sorted + size - i - 1);
      size--;
    }
    int i = Arrays.binarySearch(s, sorted, sorted + size, value);
    if (i < 0) {
      i = -i - 1;
    }
    System.arraycopy(s, i, s, i + 1, sorted + size - i);
    s[i] = value;
    s[at + SIZE] = size + 1;
    s[ring + head] = value;
    s[at + HEAD] = head + 1 == capacity ? 0 : head + 1;
  }

  public int size(double[] s, int at) {
    return (int) s[at + SIZE];
  }

  /** Median (mean of the two middle values for an even size); NaN when empty. */
  public double median(double[] s, int at) {
    int size = size(s, at);
    if (size == 0) {
      return Double.NaN;
    }
    int sorted = at + RING + capacity;
    return (s[sorted + ((size - 1) >>> 1)] + s[sorted + (size >>> 1)]) * 0.5;
  }

  /** Quantile {@code q} in [0, 1] by linear interpolation between order statistics (type 7); NaN when empty. */
  public double quantile(double[] s, int at, double q) {
    int size = size(s, at);
    if (size == 0) {
      return Double.NaN;
    }
    int sorted = at + RING + capacity;
    double pos = q * (size - 1);
    int lo = (int) pos;
    if (lo >= size - 1) {
      return s[sorted + size - 1];
    }
    double frac = pos - lo;
    return s[sorted + lo] + frac * (s[sorted + lo + 1] - s[sorted + lo]);
  }

  /** Median absolute deviation from the median (unscaled); NaN when empty. */
  public double mad(double[] s, int at) {
    int size = size(s, at);
    if (size == 0) {
      return Double.NaN;
    }
    int sorted = at + RING + capacity;
    double m = median(s, at);
    int split = upperBound(s, sorted, size, m);
    if ((size & 1) == 1) {
      return kthDeviation(s, sorted, size, size >>> 1, m, split);
    }
    return (kthDeviation(s, sorted, size, (size >>> 1) - 1, m, split)
        + kthDeviation(s, sorted, size, size >>> 1, m, split)) * 0.5;
  }

  private static int upperBound(double[] s, int sorted, int size, double m) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s[sorted + mid] <= m) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * k-th smallest (0-based) of the union of the left deviations {@code m - sorted[split-1-t]} and the right ones
   * {@code sorted[split+t] - m}, both ascending in t.
   */
  private static double kthDeviation(double[] s, int sorted, int size, int k, double m, int split) {
    int a = split;
    int b = size - split;
    int need = k + 1;
    int lo = Math.max(0, need - b);
    int hi = Math.min(need, a);
    int left = sorted + split - 1;
    int right = sorted + split;
    while (true) {
      int i = (lo + hi) >>> 1;
      int j = need - i;
      if (i > 0 && j < b && m - s[left - (i - 1)] > s[right + j] - m) {
        hi = i - 1;
      } else if (j > 0 && i < a && s[right + j - 1] - m > m - s[left - i]) {
        lo = i + 1;
      } else {
        double x = i > 0 ? m - s[left - (i - 1)] : Double.NEGATIVE_INFINITY;
        double y = j > 0 ? s[right + j - 1] - m : Double.NEGATIVE_INFINITY;
        return Math.max(x, y);
      }
    }
  }
}
