package dev.faultline.collector.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.model.QueueingDesign;
import org.junit.jupiter.api.Test;

class HeadroomTest {

  @Test
  void aUtilisationIsItsOwnHeadroomClippedToTheQueueingRange() {
    assertArrayEquals(new double[] {0.6, 0.9}, Headroom.utilisations(FeatureKind.UTILISATION, 0.6, 0.9, 1.5), 1e-12);
    assertArrayEquals(new double[] {0, QueueingDesign.U_MAX},
        Headroom.utilisations(FeatureKind.UTILISATION, -0.1, 1.3, 2), 1e-12);
  }

  @Test
  void aQuantityImpliesTheUtilisationOfAnMm1ResponseWithTheSameGrowth() {
    // M/M/1 callee: 5 ms / (1 - rho), rho 0.6 -> 0.9 when the rate grows 1.5x.
    double[] u = Headroom.utilisations(FeatureKind.QUANTITY, 5 / 0.4, 5 / 0.1, 1.5);

    assertArrayEquals(new double[] {0.6, 0.9}, u, 1e-9);
    assertEquals(0.9 / 0.1 - 0.6 / 0.4, Headroom.queueGrowth(u), 1e-9);
  }

  @Test
  void aQuantityThatDoesNotGrowHasNoUtilisation() {
    assertArrayEquals(new double[] {0, 0}, Headroom.utilisations(FeatureKind.QUANTITY, 4, 4, 2), 0);
    assertArrayEquals(new double[] {0, 0}, Headroom.utilisations(FeatureKind.QUANTITY, 4, 3, 2), 0);
    assertArrayEquals(new double[] {0, 0}, Headroom.utilisations(FeatureKind.QUANTITY, 0, 3, 2), 0);
    assertArrayEquals(new double[] {0, 0}, Headroom.utilisations(FeatureKind.QUANTITY, 4, 8, 1), 0);
  }

  @Test
  void queueGrowthIsSteeperNearSaturation() {
    double far = Headroom.queueGrowth(new double[] {0.3, 0.45});
    double near = Headroom.queueGrowth(new double[] {0.6, 0.9});

    assertTrue(near > 5 * far, near + " vs " + far);
  }
}
