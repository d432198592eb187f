package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StepChangeStartTest {
  private static final int N = 36;

  private static RcaInput input(Map<SeriesKey, double[]> series) {
    long[] ts = new long[N];
    for (int i = 0; i < N; i++) {
      ts[i] = 1000 + 60L * i;
    }
    TopologySnapshot g = TopologySnapshot.builder().call("a", "b").build();
    return new RcaInput(ts, 60, series, Map.of(), g, ts[N - 1], null);
  }

  private static double[] noisy(Random r, double level) {
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = level * (1 + 0.01 * r.nextGaussian());
    }
    return v;
  }

  @Test
  void picksTheLatestOnsetNotAnEarlierEpisodeOrItsEnd() {
    Random r = new Random(3);
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 8; k++) {
      double[] v = noisy(r, 1.0);
      for (int i = 10; i < 14; i++) {
        v[i] += 0.5; // an earlier fault that ends (its end is a return to normal, not an onset)
      }
      for (int i = 30; i < 34; i++) {
        v[i] += 0.3; // the incident, then recovery
      }
      s.put(new SeriesKey("svc" + k, "latency_p90_seconds"), v);
    }
    assertEquals(1000 + 60L * 30, StepChangeStart.detect(input(s)));
  }

  @Test
  void aSplicedBaselineDoesNotHideTheLaterDeparture() {
    Random r = new Random(5);
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 20; k++) {
      double[] v = noisy(r, 1.0);
      for (int i = 31; i < N; i++) {
        v[i] += 0.2; // another recording from here on: every series a little off
      }
      if (k < 5) {
        for (int i = 33; i < N; i++) {
          v[i] += 1.0; // the fault, on a neighbourhood
        }
      }
      s.put(new SeriesKey("svc" + k, "latency_p90_seconds"), v);
    }
    assertEquals(1000 + 60L * 33, StepChangeStart.detect(input(s)));
  }

  @Test
  void aLaterPhaseOfTheFaultIsDatedToTheFaultsOnset() {
    Random r = new Random(7);
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 20; k++) {
      for (String metric : new String[] {"latency_p90_seconds", "latency_p99_seconds"}) {
        double[] v = noisy(r, 1.0);
        for (int i = 20; i < N && k < 2; i++) {
          v[i] += 0.5; // the fault, from 20 on
        }
        for (int i = 27; i < N && k == 2; i++) {
          v[i] += 2.0; // its later phase at a caller: the latest step, but not the start
        }
        s.put(new SeriesKey("svc" + k, metric), v);
      }
    }
    assertEquals(1000 + 60L * 20, StepChangeStart.detect(input(s)));
    StartCandidate first = StepChangeStart.candidates(input(s)).get(0);
    assertEquals(first.startSeconds(), first.stepSeconds(), "a later phase 7 points on is not ranked as a span");
  }

  @Test
  void anOnsetAPointOrTwoBeforeTheDetectedStepCarriesItAsASpan() {
    Random r = new Random(7);
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 20; k++) {
      for (String metric : new String[] {"latency_p90_seconds", "latency_p99_seconds"}) {
        double[] v = noisy(r, 1.0);
        for (int i = 20; i < N && k < 2; i++) {
          v[i] += 0.5; // a weak change that holds
        }
        for (int i = 22; i < N && k == 2; i++) {
          v[i] += 2.0; // the strong step two points later: the grid cannot say which point the fault began at
        }
        s.put(new SeriesKey("svc" + k, metric), v);
      }
    }
    StartCandidate first = StepChangeStart.candidates(input(s)).get(0);
    assertEquals(1000 + 60L * 20, first.startSeconds(), first.toString());
    assertEquals(1000 + 60L * 22, first.stepSeconds(), first.toString());
  }

  /** svc0-4: a strong fault at 12-15 that ends; svc5-7: a weak step from 26 on that holds to the end. */
  private static Map<SeriesKey, double[]> strongEndedThenWeakHeld(boolean weakStep) {
    Random r = new Random(9);
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 20; k++) {
      double[] v = noisy(r, 1.0);
      for (int i = 12; i < 16 && k < 5; i++) {
        v[i] += 2.0;
      }
      for (int i = 26; i < N && weakStep && k >= 5 && k < 8; i++) {
        v[i] += 0.15;
      }
      s.put(new SeriesKey("svc" + k, "latency_p90_seconds"), v);
    }
    return s;
  }

  @Test
  void aWeakLaterStepThatHoldsIsACandidateWeighingMoreThanAnEndedEpisode() {
    RcaInput in = input(strongEndedThenWeakHeld(true));
    java.util.List<StartCandidate> c = StepChangeStart.candidates(in);
    assertEquals(2, c.size(), c.toString());
    assertEquals(1000 + 60L * 12, c.get(0).startSeconds(), "the detector's choice stays first");
    assertEquals(1000 + 60L * 12, StepChangeStart.detect(in));
    assertEquals(1000 + 60L * 26, c.get(1).startSeconds());
    org.junit.jupiter.api.Assertions.assertTrue(c.get(1).weight() > 5 * c.get(0).weight(), c.toString());
  }

  @Test
  void withoutALaterStepTheDetectedStartIsTheOnlyCandidate() {
    java.util.List<StartCandidate> c = StepChangeStart.candidates(input(strongEndedThenWeakHeld(false)));
    assertEquals(1, c.size(), c.toString());
    assertEquals(1000 + 60L * 12, c.get(0).startSeconds());
    assertEquals(c.get(0).startSeconds(), c.get(0).stepSeconds(), "a step that is its own onset has no span");
  }

  @Test
  void theWeakFirstPointsOfARampHeldUntilItsLaterPhaseAreAnEarlierCandidate() {
    Random r = new Random(21);
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 20; k++) {
      double[] v = noisy(r, 1.0);
      for (int i = 20; i < N && k < 2; i++) {
        v[i] += 0.15; // a leak's first, weak points, held
      }
      for (int i = 28; i < N && k < 6; i++) {
        v[i] += 2.0; // its later phase, strong and wider: GC pressure, callers timing out
      }
      s.put(new SeriesKey("svc" + k, "latency_p90_seconds"), v);
    }
    java.util.List<StartCandidate> c = StepChangeStart.candidates(input(s));
    assertEquals(1000 + 60L * 28, c.get(0).startSeconds(), c.toString());
    assertEquals(2, c.size(), c.toString());
    assertEquals(1000 + 60L * 20, c.get(1).startSeconds(), c.toString());
  }

  @Test
  void aStrongStepThatEndedWeighsByItsOwnPersistenceNotByItsHeldOnset() {
    Random r = new Random(13);
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 20; k++) {
      double[] v = noisy(r, 1.0);
      for (int i = 10; i < N && k < 3; i++) {
        v[i] += 1.0; // an onset on three series that stay off to the end
      }
      for (int i = 12; i < 16 && k < 9; i++) {
        v[i] += 2.0; // the strong step of that episode, on nine series: it ends
      }
      for (int i = 26; i < N && k >= 10 && k < 13; i++) {
        v[i] += 0.15; // a weak later step that holds: the incident still going on
      }
      s.put(new SeriesKey("svc" + k, "latency_p90_seconds"), v);
    }
    java.util.List<StartCandidate> c = StepChangeStart.candidates(input(s));
    assertEquals(2, c.size(), c.toString());
    assertEquals(1000 + 60L * 10, c.get(0).startSeconds(), "the detected step is still dated to its onset");
    assertEquals(1000 + 60L * 26, c.get(1).startSeconds(), c.toString());
    org.junit.jupiter.api.Assertions.assertTrue(c.get(1).weight() > c.get(0).weight(),
        "the ended step must not borrow the persistence of its onset: " + c);
  }

  @Test
  void aFleetWideLoadRampBeforeAWeakFaultIsNotItsStart() {
    Random r = new Random(9);
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 10; k++) {
      double[] rate = noisy(r, 100);
      double[] cpu = noisy(r, 0.2);
      for (int i = 20; i < N; i++) {
        rate[i] *= 1.4; // more users: every service's traffic, and the CPU it costs, in proportion
        cpu[i] *= 1.4;
      }
      s.put(new SeriesKey("svc" + k, "request_rate"), rate);
      s.put(new SeriesKey("svc" + k, "cpu_usage_ratio"), cpu);
      double[] lat = noisy(r, 0.05);
      if (k == 6) {
        for (int i = 28; i < N; i++) {
          lat[i] *= 2; // the fault: one service's latency, out of proportion to the load
        }
      }
      s.put(new SeriesKey("svc" + k, "latency_p90_seconds"), lat);
    }
    assertEquals(1000 + 60L * 28, StepChangeStart.detect(input(s)));
  }

  @Test
  void flatDataHasNoStart() {
    Map<SeriesKey, double[]> s = new TreeMap<>();
    s.put(new SeriesKey("a", "cpu_usage_ratio"), noisy(new Random(1), 0.5));
    assertEquals(null, StepChangeStart.detect(input(s)));
    assertEquals(0, StepChangeStart.candidates(input(s)).size());
  }
}
