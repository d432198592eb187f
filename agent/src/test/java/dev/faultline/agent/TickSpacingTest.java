package dev.faultline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Times are wall-clock milliseconds, as the agent's batches carry them. */
class TickSpacingTest {

  @Test
  void runsOnTheGridAllGoThrough() {
    TickSpacing spacing = new TickSpacing(Duration.ofMillis(200));
    for (long t = 0; t < 10; t++) {
      assertTrue(spacing.admit(5_000 + t * 200), "run " + t);
    }
  }

  @Test
  void theMissedRunsAFixedRateScheduleCatchesUpAfterAStallAreSkipped() {
    TickSpacing spacing = new TickSpacing(Duration.ofMillis(200));
    assertTrue(spacing.admit(0));
    // stalled for 3 s: the executor runs the 15 missed runs back to back, within a few milliseconds
    int admitted = 0;
    for (int i = 0; i < 15; i++) {
      if (spacing.admit(3_000 + i / 4)) {
        admitted++;
      }
    }
    assertEquals(1, admitted, "one run reports the stalled time");
    assertFalse(spacing.admit(3_099), "less than half an interval after it");
    assertTrue(spacing.admit(3_200), "the grid goes on");
  }

  @Test
  void aLateRunAndTheNextOnTimeOneHalfAnIntervalApartBothGoThrough() {
    TickSpacing spacing = new TickSpacing(Duration.ofMillis(200));
    assertTrue(spacing.admit(200));
    assertTrue(spacing.admit(500)); // 100 ms late
    assertTrue(spacing.admit(600)); // on time, half an interval after the late one
  }

  @Test
  void aWallClockSteppedBackDoesNotHoldRunsBack() {
    TickSpacing spacing = new TickSpacing(Duration.ofMillis(200));
    assertTrue(spacing.admit(10_000_000));
    assertTrue(spacing.admit(10_000_000 - 3_600_000), "an hour back");
    assertFalse(spacing.admit(10_000_000 - 3_600_000 + 50));
    assertTrue(spacing.admit(10_000_000 - 3_600_000 + 200));
  }
}
