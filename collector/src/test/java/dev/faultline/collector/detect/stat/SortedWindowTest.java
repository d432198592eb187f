package dev.faultline.collector.detect.stat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.junit.jupiter.api.Test;

class SortedWindowTest {

  @Test
  void matchesBruteForceOrderStatisticsOnRandomAndTiedData() {
    SplittableRandom r = new SplittableRandom(1);
    for (int capacity : new int[] {1, 2, 3, 7, 64}) {
      SortedWindow w = new SortedWindow(capacity);
      ArrayDeque<Double> ref = new ArrayDeque<>();
      for (int i = 0; i < 2000; i++) {
        double v = i % 3 == 0 ? Math.floor(r.nextDouble() * 4) : r.nextGaussian(); // many ties
        w.add(v);
        ref.addLast(v);
        if (ref.size() > capacity) {
          ref.removeFirst();
        }
        double[] a = ref.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = medianOf(a);
        assertEquals(median, w.median(), 1e-12);
        double[] dev = Arrays.stream(a).map(x -> Math.abs(x - median)).sorted().toArray();
        assertEquals(medianOf(dev), w.mad(), 1e-12, "capacity " + capacity + " step " + i);
        if (a.length > 1) {
          Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
          assertEquals(p.evaluate(a, 90), w.quantile(0.9), 1e-9);
        }
      }
    }
  }

  @Test
  void emptyWindowGivesNaN() {
    SortedWindow w = new SortedWindow(4);
    assertTrue(Double.isNaN(w.median()));
    assertTrue(Double.isNaN(w.mad()));
    assertTrue(Double.isNaN(w.quantile(0.5)));
  }

  @Test
  void rejectsZeroCapacity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SortedWindow(0));
    assertTrue(e.getMessage().contains("capacity"));
  }

  private static double medianOf(double[] sorted) {
    int n = sorted.length;
    return (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
  }
}
