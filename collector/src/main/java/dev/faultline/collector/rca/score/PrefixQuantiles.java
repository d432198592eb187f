package dev.faultline.collector.rca.score;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Quantiles of a growing prefix of one series: O(n log n) to set up, O(log n) per {@link #add} and per order
 * statistic, instead of sorting the prefix again at every split (which made the start detector quadratic in the
 * points). The series' finite values are ranked once (ties by position, so every occurrence has its own rank); a
 * Fenwick tree counts which ranks have been added. Quantiles are R type 7, as {@link RobustChangeScore#quantile}.
 * Not thread-safe; one instance per series and pass.
 */
final class PrefixQuantiles {
  private final double[] sorted;
  private final int[] rankOf;
  private final int[] tree;
  private final int highBit;
  private int size;

  PrefixQuantiles(double[] values) {
    Integer[] finite = IntStream.range(0, values.length).filter(i -> Double.isFinite(values[i])).boxed()
        .toArray(Integer[]::new);
    Arrays.sort(finite, Comparator.comparingDouble((Integer i) -> values[i]).thenComparingInt(i -> i));
    sorted = new double[finite.length];
    rankOf = new int[values.length];
    Arrays.fill(rankOf, -1);
    for (int r = 0; r < finite.length; r++) {
      sorted[r] = values[finite[r]];
      rankOf[finite[r]] = r;
    }
    tree = new int[finite.length + 1];
    highBit = finite.length == 0 ? 0 : Integer.highestOneBit(finite.length);
  }

  /** Adds the value at {@code index} of the series (a missing value is skipped). */
  void add(int index) {
    int r = rankOf[index];
    if (r < 0) {
      return;
    }
    for (int i = r + 1; i < tree.length; i += i & -i) {
      tree[i]++;
    }
    size++;
  }

  /** How many finite values have been added. */
  int size() {
    return size;
  }

  /** Linear-interpolation quantile of the added values; size() must be > 0. */
  double quantile(double p) {
    double k = (size - 1) * p;
    int f = (int) Math.floor(k);
    int c = Math.min(f + 1, size - 1);
    double lo = kth(f);
    return lo + (kth(c) - lo) * (k - f);
  }

  /** The k-th smallest added value (0-based), by descending the Fenwick tree. */
  private double kth(int k) {
    int pos = 0;
    int remaining = k + 1;
    for (int step = highBit; step > 0; step >>= 1) {
      int next = pos + step;
      if (next < tree.length && tree[next] < remaining) {
        pos = next;
        remaining -= tree[next];
      }
    }
    return sorted[pos];
  }
}
