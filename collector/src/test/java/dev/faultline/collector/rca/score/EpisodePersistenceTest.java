package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EpisodePersistenceTest {
  private static final int N = 40;

  /** Four latency series; the first two step up by 0.5 at index 20 and hold until {@code end}. */
  private static List<double[]> series(int end) {
    Random r = new Random(13);
    List<double[]> out = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      double[] v = new double[N];
      for (int i = 0; i < N; i++) {
        v[i] = 1 + 0.01 * r.nextGaussian() + (k < 2 && i >= 20 && i < end ? 0.5 : 0);
      }
      out.add(v);
    }
    return out;
  }

  private static List<SeriesKey> keys() {
    List<SeriesKey> keys = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      keys.add(new SeriesKey("svc" + k, "latency_p90_seconds"));
    }
    return keys;
  }

  private static double persistence(List<double[]> values, int split) {
    double[][] strength = StepChangeStart.strength(keys(), values, N);
    return EpisodePersistence.of(keys(), values, strength[split], split);
  }

  @Test
  void aStepThatHoldsToTheEndPersistsNearlyFully() {
    // 2 series x 18 checked points, all away: (36 + 1) / (36 + 2)
    assertEquals(37.0 / 38, persistence(series(N), 20), 1e-12);
  }

  @Test
  void anEpisodeThatEndedPersistsLittle() {
    // away at 22 and 23 only, of 18 checked points per series
    double p = persistence(series(24), 20);
    assertEquals(5.0 / 38, p, 1e-12);
    assertTrue(p < 0.2);
  }

  @Test
  void aStepWithNothingAfterItToCheckIsNeitherTrustedNorDismissed() {
    assertEquals(0.5, persistence(series(N), N - StepChangeStart.POST), 1e-12);
  }

  @Test
  void onlySeriesThatSteppedAtTheSplitCount() {
    double[] none = new double[4];
    assertEquals(0.5, EpisodePersistence.of(keys(), series(N), none, 20), 1e-12);
  }
}
