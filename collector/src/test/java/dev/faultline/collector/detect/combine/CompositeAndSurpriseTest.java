package dev.faultline.collector.detect.combine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.detect.Detector;
import dev.faultline.collector.detect.ScoreMapping;
import dev.faultline.collector.detect.SyntheticSeries;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeAndSurpriseTest {

  @Test
  void maxAndMinCombineWeightedMemberScores() {
    Detector a = (t, v) -> 0.8;
    Detector b = (t, v) -> 0.4;
    assertEquals(0.4, new CompositeDetector(List.of(a, b), new double[] {0.5, 1}).update(0, 1), 1e-12);
    assertEquals(0.4, new CompositeDetector(List.of(a, b), new double[] {1, 1}, CompositeDetector.Mode.MIN)
        .update(0, 1), 1e-12);
    CompositeDetector max = new CompositeDetector(List.of(a, b), new double[] {1, 1});
    assertEquals(0.8, max.update(0, 1), 1e-12);
    assertEquals(0.4, max.lastMemberScore(1), 1e-12);
  }

  @Test
  void surpriseIsHighForARareScoreAndLowForARoutineOne() {
    // inner score: 0.6 every 5th point (routine), then one 0.6 in a series that never scored (rare)
    Detector routineInner = (t, v) -> t % 5 == 0 ? 0.6 : 0.0;
    Detector rareInner = (t, v) -> t == 999 ? 0.6 : 0.0;
    SurpriseNormalizer routine = new SurpriseNormalizer(routineInner, 1, 0.01, 0.01, 100,
        ScoreMapping.saturating(0, 3));
    SurpriseNormalizer rare = new SurpriseNormalizer(rareInner, 1, 0.01, 0.01, 100, ScoreMapping.saturating(0, 3));
    double routineAt990 = 0;
    double rareAt999 = 0;
    for (int t = 0; t < 1000; t++) {
      double r1 = routine.update(t, 1.0);
      double r2 = rare.update(t, 1.0);
      routineAt990 = t == 990 ? r1 : routineAt990;
      rareAt999 = t == 999 ? r2 : rareAt999;
    }
    assertTrue(rareAt999 > 0.9, "rare: " + rareAt999);
    assertTrue(routineAt990 < 0.45, "routine: " + routineAt990); // (0.6 - 0.12) / 0.24 = 2 sd: 2 / (2 + 3)
  }

  @Test
  void skippingTheInnerWarmupEqualsStartingAfterIt() {
    // inner: 64 warm-up zeros, then a deterministic pattern of scores; skipping 64 points must give exactly the
    // scores of a normaliser that only ever saw the post-warm-up part (shifted in time), and 0 during the skip
    Detector inner = (t, v) -> t < 64 ? 0.0 : ((t * 37) % 11) / 20.0;
    Detector shifted = (t, v) -> (((t + 64) * 37) % 11) / 20.0;
    SurpriseNormalizer skipping = new SurpriseNormalizer(inner, 3, 0.05, 0.01, 20, ScoreMapping.saturating(0, 3))
        .skippingInnerWarmup(64);
    SurpriseNormalizer fresh = new SurpriseNormalizer(shifted, 3, 0.05, 0.01, 20, ScoreMapping.saturating(0, 3));
    for (int t = 0; t < 64; t++) {
      assertEquals(0.0, skipping.update(t, 1.0), "skipped point " + t);
    }
    boolean someNonZero = false;
    for (int t = 64; t < 400; t++) {
      double expected = fresh.update(t - 64, 1.0);
      assertEquals(expected, skipping.update(t, 1.0), 0.0, "point " + t);
      someNonZero |= expected > 0;
    }
    assertTrue(someNonZero);
    // gaps do not count towards the skip
    SurpriseNormalizer gappy = new SurpriseNormalizer(inner, 3, 0.05, 0.01, 20, ScoreMapping.saturating(0, 3))
        .skippingInnerWarmup(64);
    assertEquals(0.0, gappy.update(0, Double.NaN));
  }

  @Test
  void defaultPipelineAlertsOnceForALevelShift() {
    SyntheticSeries s = SyntheticSeries.seasonal(4, 288 * 10, 100, 5, 1, 300_000L).levelShift(288 * 9, 15);
    AlertingDetector d = dev.faultline.collector.detect.Detectors.forMetric("http.server.latency.p99");
    int opened = 0;
    int openedBefore = 0;
    for (int i = 0; i < s.size(); i++) {
      d.update(s.timestamp(i), s.value(i));
      if (d.tracker().justOpened()) {
        opened++;
        openedBefore += i < 288 * 9 ? 1 : 0;
      }
    }
    assertEquals(0, openedBefore, "no alert on the seasonal, noisy but normal part");
    assertTrue(opened >= 1 && opened <= 2, "one incident, not a flapping alert: " + opened);
  }
}
