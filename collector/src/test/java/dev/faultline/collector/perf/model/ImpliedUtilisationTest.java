package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.Headroom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImpliedUtilisationTest {

  private static final int ROWS = 600;

  /** A load ramp 40 -> 100 req/s with 2% row-to-row noise. */
  private static double[] ramp(Random random) {
    double[] r = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      r[i] = 100 * (0.4 + 0.6 * i / (ROWS - 1.0)) * (1 + 0.02 * random.nextGaussian());
    }
    return r;
  }

  @Test
  void recoversTheUtilisationOfAnMm1Callee() {
    Random random = new Random(1);
    double[] r = ramp(random);
    double[] v = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      v[i] = 5 / (1 - 0.006 * r[i]) * Math.exp(0.02 * random.nextGaussian());
    }
    ImpliedUtilisation u = ImpliedUtilisation.fit(r, v);
    assertNotNull(u);
    assertEquals(0.6, u.at(100), 0.05);
    assertEquals(0.3, u.at(50), 0.03);
  }

  @Test
  void aDriftOfItsOwnAlongTheRampIsNotCreditedToTheLoad() {
    Random random = new Random(2);
    double[] r = ramp(random);
    double[] v = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      // a callee at 10% whose latency doubles on its own, slowly, over the same two hours as the ramp
      double drift = Math.exp(Math.log(2) * i / (ROWS - 1.0));
      v[i] = 5 * drift / (1 - 0.001 * r[i]) * Math.exp(0.02 * random.nextGaussian());
    }
    ImpliedUtilisation u = ImpliedUtilisation.fit(r, v);
    assertNotNull(u);
    assertTrue(u.at(100) < 0.25, "implied " + u.at(100));
    // on the levels the same rows read as a callee heading for saturation
    LoadResponse levels = LoadResponse.fit(r, v, FeatureKind.QUANTITY);
    double[] fromLevels = Headroom.utilisations(FeatureKind.QUANTITY, levels.at(100), levels.at(150), 1.5);
    assertTrue(fromLevels[0] > 0.4 && fromLevels[1] > 0.6, fromLevels[0] + " -> " + fromLevels[1]);
  }

  @Test
  void aRateThatHardlyChangesBetweenRowsIdentifiesNothing() {
    double[] r = new double[ROWS];
    double[] v = new double[ROWS];
    Random random = new Random(3);
    for (int i = 0; i < ROWS; i++) {
      r[i] = 40 + 60.0 * i / (ROWS - 1);
      v[i] = 5 * Math.exp(0.05 * random.nextGaussian());
    }
    assertNull(ImpliedUtilisation.fit(r, v));
    assertNull(ImpliedUtilisation.fit(new double[5], new double[5]));
    assertThrows(IllegalArgumentException.class, () -> ImpliedUtilisation.fit(new double[2], new double[3]));
  }
}
