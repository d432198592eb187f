package dev.faultline.collector.perf.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.LatencyQuantile;
import org.junit.jupiter.api.Test;

class QueueingTest {

  @Test
  void erlangCMatchesClosedFormsForOneAndTwoServers() {
    // M/M/1: C = rho. M/M/2: C = 2 rho^2 / (1 + rho).
    assertEquals(0.7, Queueing.erlangC(1, 0.7), 1e-12);
    assertEquals(2 * 0.25 / 1.5, Queueing.erlangC(2, 0.5), 1e-12);
  }

  @Test
  void waitQuantileIsZeroWhileFewWaitThenRisesSharply() {
    assertEquals(0, Queueing.waitQuantile(10, 0.3, 10, 0.5), 0.0);
    assertTrue(Queueing.waitQuantile(10, 0.95, 10, 0.99) > 10 * Queueing.waitQuantile(10, 0.6, 10, 0.99));
  }

  @Test
  void everyStandardCaseHasTheIntendedTrueBottleneck() {
    for (SimulatedCase c : SimulatedCases.standard()) {
      String expected = c.name().startsWith("cpu") ? "cpu" : c.name().startsWith("dbpool") ? "dbPool"
          : c.name().startsWith("threads") ? "threads" : c.name().startsWith("gc") ? "gc" : "callee:downstream";
      assertEquals(expected, c.trueBottleneck(), c.name());
      assertTrue(c.service().latencyMillis(LatencyQuantile.P99, 1.5 * c.trainMaxRate())
          > c.service().latencyMillis(LatencyQuantile.P99, c.trainMaxRate()), c.name());
    }
  }
}
