package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GcCostTest {

  @Test
  void followsTheFreeShareBelowTheCapAndStaysFlatAboveIt() {
    assertEquals(0, GcCost.term(0), 1e-12);
    assertEquals(1, GcCost.term(0.5), 1e-12);
    assertEquals(3, GcCost.term(0.75), 1e-12);
    double atCap = GcCost.H_CAP / (1 - GcCost.H_CAP);
    assertEquals(atCap, GcCost.term(GcCost.H_CAP), 1e-9);
    assertEquals(atCap, GcCost.term(0.99), 1e-9, "a heap near full is the top of the sawtooth, not a queue");
    assertEquals(atCap, GcCost.term(1.5), 1e-9);
    assertEquals(0, GcCost.term(-0.2), 1e-12);
  }

  @Test
  void neverFallsAsTheHeapFills() {
    double previous = -1;
    for (double h = 0; h <= 1.0; h += 0.01) {
      double v = GcCost.term(h);
      assertTrue(v >= previous, "term fell at " + h);
      previous = v;
    }
  }
}
