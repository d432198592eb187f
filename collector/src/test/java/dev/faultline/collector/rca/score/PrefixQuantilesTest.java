package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefixQuantilesTest {
  @Test
  void matchesSortingThePrefixAtEverySplit() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      double[] v = new double[1 + random.nextInt(200)];
      for (int i = 0; i < v.length; i++) {
        int kind = random.nextInt(10);
        // ties (rounded values), missing points and heavy tails, as real series have
        v[i] = kind == 0 ? Double.NaN : kind == 1 ? 1e6 * random.nextDouble() : Math.round(random.nextGaussian() * 4);
      }
      PrefixQuantiles pq = new PrefixQuantiles(v);
      for (int s = 0; s < v.length; s++) {
        pq.add(s);
        double[] ref = Arrays.stream(v, 0, s + 1).filter(Double::isFinite).sorted().toArray();
        assertEquals(ref.length, pq.size());
        if (ref.length == 0) {
          continue;
        }
        for (double p : new double[] {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1}) {
          assertEquals(RobustChangeScore.quantile(ref, p), pq.quantile(p), 0, "trial " + trial + " s " + s + " p " + p);
        }
      }
    }
  }

  @Test
  void seriesWithoutFiniteValuesStaysEmpty() {
    PrefixQuantiles pq = new PrefixQuantiles(new double[] {Double.NaN, Double.POSITIVE_INFINITY});
    pq.add(0);
    pq.add(1);
    assertEquals(0, pq.size());
  }
}
