package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EpisodeOnsetTest {
  private static final int N = 40;
  private static final int SERVICES = 10;

  /** Ten services, two series each; a fault at svc0/svc1 from index 20, and svc2's errors from 27 on. */
  private static List<double[]> fleet(boolean faultEndsAt24, int alsoSteppingAt20) {
    Random r = new Random(11);
    List<double[]> out = new ArrayList<>();
    for (int k = 0; k < SERVICES; k++) {
      for (int m = 0; m < 2; m++) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
          v[i] = 1 + 0.01 * r.nextGaussian();
        }
        boolean atOnset = k < 2 || (k >= 3 && k < 3 + alsoSteppingAt20);
        int end = faultEndsAt24 ? 24 : N;
        for (int i = 20; i < end && atOnset; i++) {
          v[i] += 0.5;
        }
        for (int i = 27; i < N && k == 2; i++) {
          v[i] += 2.0; // the fault's later phase, stronger
        }
        out.add(v);
      }
    }
    return out;
  }

  private static List<SeriesKey> keys() {
    List<SeriesKey> keys = new ArrayList<>();
    for (int k = 0; k < SERVICES; k++) {
      keys.add(new SeriesKey("svc" + k, "latency_p90_seconds"));
      keys.add(new SeriesKey("svc" + k, "latency_p99_seconds"));
    }
    return keys;
  }

  private static int onset(List<double[]> values, int chosen) {
    List<SeriesKey> keys = keys();
    double[][] strength = StepChangeStart.strength(keys, values, N);
    double[] fleet = new double[N];
    for (int s = 0; s < N; s++) {
      for (double x : strength[s]) {
        fleet[s] += x / keys.size();
      }
    }
    return EpisodeOnset.earliest(keys, values, strength, fleet, 0.3 * fleet[chosen], chosen);
  }

  @Test
  void aLaterPhaseOfAnOngoingEpisodeMovesBackToItsOnset() {
    assertEquals(20, onset(fleet(false, 0), 27));
  }

  @Test
  void anEpisodeThatEndedIsNotTheOnsetOfTheNextStep() {
    assertEquals(27, onset(fleet(true, 0), 27));
  }

  @Test
  void aStepOfMostServicesAtOnceIsAChangeOfRegimeNotAnOnset() {
    // svc0, svc1 and five more: 7 of 10 services step together at 20 and stay
    assertEquals(27, onset(fleet(false, 5), 27));
  }

  @Test
  void regimeChangeCountsServicesNotSeries() {
    List<SeriesKey> keys = keys();
    double[] strength = new double[keys.size()];
    strength[0] = 1;
    strength[1] = 1;
    strength[2] = 1;
    assertFalse(EpisodeOnset.regimeChange(keys, strength, SERVICES)); // 2 services of 10
    for (int j = 0; j < 8; j += 2) {
      strength[j] = 1;
    }
    assertTrue(EpisodeOnset.regimeChange(keys, strength, SERVICES)); // 4 of 10
  }
}
