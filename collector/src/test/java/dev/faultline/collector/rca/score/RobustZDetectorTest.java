package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustZDetectorTest {
  @Test
  void quietDuringWarmupThenFlagsAShift() {
    RobustZDetector d = new RobustZDetector(20, 5);
    Random r = new Random(3);
    for (int i = 0; i < 5; i++) {
      assertEquals(0, d.update(i, 10 + r.nextGaussian()));
    }
    for (int i = 5; i < 60; i++) {
      assertTrue(d.update(i, 10 + 0.1 * r.nextGaussian()) < 0.9);
    }
    assertTrue(d.update(60, 30) > 0.9);
  }

  @Test
  void nanIsAGapAndScoresStayInRange() {
    RobustZDetector d = new RobustZDetector(5, 2);
    assertEquals(0, d.update(0, Double.NaN));
    for (int i = 0; i < 50; i++) {
      double s = d.update(i, i % 7 == 0 ? 1e6 : 1);
      assertTrue(s >= 0 && s <= 1);
    }
  }

  @Test
  void rejectsBadParameters() {
    assertThrows(IllegalArgumentException.class, () -> new RobustZDetector(2, 2));
    assertThrows(IllegalArgumentException.class, () -> new RobustZDetector(10, 11));
  }
}
