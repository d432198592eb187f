package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.MetricKind;
import org.junit.jupiter.api.Test;

class StepLevelTest {
  @Test
  void aLevelFromFewPointsHasAWiderScale() {
    double[] v = new double[60];
    for (int i = 0; i < v.length; i++) {
      v[i] = 0.5 + (i % 2 == 0 ? 0.001 : -0.001); // noise far below the floor
    }
    double floor = MetricKind.RESOURCE.relativeFloor() * 0.5;
    StepLevel two = StepLevel.before(v, 2, MetricKind.RESOURCE);
    StepLevel forty = StepLevel.before(v, 40, MetricKind.RESOURCE);
    assertEquals(floor * (1 + StepLevel.SMALL_SAMPLE / 2), two.scale(), 1e-9);
    assertEquals(floor * (1 + StepLevel.SMALL_SAMPLE / 40), forty.scale(), 1e-9);
    // the same 4-floor jump is a clear step after 40 points, not after 2
    v[40] = v[41] = v[2] = v[3] = 0.5 + 4 * floor;
    assertTrue(forty.step(v, 40, 1) > StepChangeStart.DEAD_ZONE);
    assertTrue(two.step(v, 2, 1) < StepChangeStart.DEAD_ZONE);
  }

  @Test
  void directionAndMissingPoints() {
    double[] v = {1, 1, 1, 1, 0.2, 0.2, Double.NaN};
    StepLevel l = StepLevel.before(v, 4, MetricKind.RESOURCE);
    assertEquals(-1, l.direction(v, 4));
    assertEquals(0, l.dev(Double.NaN, 1));
    assertNull(StepLevel.before(new double[] {Double.NaN, Double.NaN, 1}, 2, MetricKind.RESOURCE));
  }
}
