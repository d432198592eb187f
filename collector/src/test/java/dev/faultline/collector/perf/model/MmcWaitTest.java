package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.sim.Queueing;
import org.junit.jupiter.api.Test;

class MmcWaitTest {

  @Test
  void agreesWithTheSimulatorsErlangCWaitingTime() {
    for (int c : new int[] {1, 4, 16, 64}) {
      for (double u = 0.05; u < 0.97; u += 0.05) {
        for (double q : new double[] {0.5, 0.99}) {
          assertEquals(Queueing.waitQuantile(c, u, 7.0, q), 7.0 * MmcWait.quantile(c, u, q), 1e-9,
              "c=" + c + " u=" + u + " q=" + q);
        }
      }
    }
  }

  @Test
  void singleServerMedianWaitIsZeroUntilHalfUtilisationThenLnTwoUOverOneMinusU() {
    assertEquals(0, MmcWait.quantile(1, 0.45, 0.5));
    assertEquals(Math.log(2 * 0.8) / 0.2, MmcWait.quantile(1, 0.8, 0.5), 1e-12);
  }

  @Test
  void manyServersWaitLaterButRiseSharperNearSaturation() {
    assertTrue(MmcWait.quantile(32, 0.6, 0.99) < 0.05 * MmcWait.quantile(1, 0.6, 0.99));
    double rise32 = MmcWait.quantile(32, 0.93, 0.99) - MmcWait.quantile(32, 0.62, 0.99);
    assertTrue(rise32 > 1.5, "M/M/32 p99 wait rises by " + rise32 + " service times from 62% to 93%");
  }

  @Test
  void clipsUtilisationAndRejectsBadArguments() {
    assertEquals(MmcWait.quantile(4, MmcWait.U_MAX, 0.99), MmcWait.quantile(4, 1.5, 0.99), 1e-12);
    assertEquals(0, MmcWait.quantile(4, -1, 0.99));
    assertThrows(IllegalArgumentException.class, () -> MmcWait.quantile(0, 0.5, 0.99));
    assertThrows(IllegalArgumentException.class, () -> MmcWait.quantile(2, 0.5, 1.0));
  }
}
