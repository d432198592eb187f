package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacingScheduleTest {

  private static final long MS = 1_000_000;

  @Test
  void oneMillionSamplesPerSecondOverSixteenAgentsOfSixHundredSeries() {
    assertEquals(104.1667, PacingSchedule.batchesPerSecond(1_000_000, 16, 600), 1e-4);
  }

  @Test
  void sendsEachBatchWhenDueNotAsFastAsTheWindowAllows() {
    PacingSchedule s = new PacingSchedule(100, 100); // a batch every 10 ms
    assertEquals(0, s.take(-1, 64), "nothing before the start");
    assertEquals(1, s.take(0, 64), "the first batch at the start");
    assertEquals(0, s.take(9 * MS, 64), "the next one is not due yet, however much room");
    assertEquals(1, s.take(10 * MS, 64));
    assertEquals(0, s.take(15 * MS, 64));
    assertEquals(2, s.take(30 * MS, 64), "a late tick catches up with what fell due meanwhile");
    assertEquals(4, s.sent());
  }

  @Test
  void sendsTheRateOverAnyTickSpacing() {
    PacingSchedule s = new PacingSchedule(104.1667, 200);
    long sent = 0;
    for (long t = 0; t <= 10_000 * MS; t += 3 * MS + 1) { // ticks not aligned with the batch interval
      sent += s.take(t, 64);
    }
    assertEquals(1042, sent, 1, "10 s at 104.17 batches/s");
    assertEquals(0, s.skipped());
  }

  @Test
  void waitsForWindowRoomThenSkipsWhatIsOlderThanTheBacklogBound() {
    PacingSchedule s = new PacingSchedule(1000, 50); // a batch per ms, at most 50 waiting
    assertEquals(0, s.take(19 * MS, 0), "window full: 20 due batches wait");
    assertEquals(0, s.skipped());
    assertEquals(5, s.take(19 * MS, 5), "room for 5 of them");
    assertEquals(15, s.take(19 * MS, 64), "the other 15 as soon as there is room");
    assertEquals(0, s.take(99 * MS, 0), "80 more due, window full");
    assertEquals(30, s.skipped(), "only the newest 50 wait, the 30 oldest are skipped");
    assertEquals(50, s.take(99 * MS, 64));
    assertEquals(70, s.sent());
    assertEquals(100, s.sent() + s.skipped(), "every due batch is either sent or skipped");
  }

  @Test
  void ticksAQuarterOfTheBatchIntervalWithinBounds() {
    assertEquals(2400, RateConnection.tickMicros(104.1667), 1, "1 M samples/s over 16 x 600: a 9.6 ms interval");
    assertEquals(RateConnection.MAX_TICK_MICROS, RateConnection.tickMicros(1), "slow agents still tick every 10 ms");
    assertEquals(RateConnection.MIN_TICK_MICROS, RateConnection.tickMicros(1000), "fast ones every 1 ms");
  }

  @Test
  void rejectsRatesThatCannotBeScheduled() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new PacingSchedule(0, 10));
    assertTrue(zero.getMessage().contains("batches per second"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PacingSchedule(Double.NaN, 10));
    assertThrows(IllegalArgumentException.class, () -> new PacingSchedule(10, -1));
  }

  @Test
  void benchmarkRefusesARateItsAgentsCannotPace() {
    IllegalArgumentException tooFast = assertThrows(IllegalArgumentException.class,
        () -> new PacedDetectionBenchmark(100_000_000, 16, 1, 1, java.util.List.of(), null));
    assertTrue(tooFast.getMessage().contains("raise --series-per-batch"), tooFast.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new PacedDetectionBenchmark(0, 16, 600, 1, java.util.List.of(), null));
  }
}
