package dev.faultline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TickSpacingTest {

  private static final long MS = 1_000_000L;

  @Test
  void runsOnTheGridAllGoThrough() {
    TickSpacing spacing = new TickSpacing(Duration.ofMillis(200));
    for (long t = 0; t < 10; t++) {
      assertTrue(spacing.admit(5_000 * MS + t * 200 * MS), "run " + t);
    }
  }

  @Test
  void theMissedRunsAFixedRateScheduleCatchesUpAfterAStallAreSkipped() {
    TickSpacing spacing = new TickSpacing(Duration.ofMillis(200));
    assertTrue(spacing.admit(0));
    // stalled for 3 s: the executor runs the 15 missed runs back to back, a fraction of a millisecond apart
    int admitted = 0;
    for (int i = 0; i < 15; i++) {
      if (spacing.admit(3_000 * MS + i * 50_000L)) {
        admitted++;
      }
    }
    assertEquals(1, admitted, "one run reports the stalled time");
    assertFalse(spacing.admit(3_099 * MS), "less than half an interval after it");
    assertTrue(spacing.admit(3_200 * MS), "the grid goes on");
  }

  @Test
  void aLateRunAndTheNextOnTimeOneHalfAnIntervalApartBothGoThrough() {
    TickSpacing spacing = new TickSpacing(Duration.ofMillis(200));
    assertTrue(spacing.admit(200 * MS));
    assertTrue(spacing.admit(500 * MS)); // 100 ms late
    assertTrue(spacing.admit(600 * MS)); // on time, half an interval after the late one
  }
}
