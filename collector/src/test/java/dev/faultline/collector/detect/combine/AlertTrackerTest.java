package dev.faultline.collector.detect.combine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {

  private static final AlertPolicy POLICY = new AlertPolicy(0.6, 0.3, 2, 3, 0, 0.0, 0);

  @Test
  void noisyEdgeBetweenClearAndRaiseDoesNotFlap() {
    AlertTracker t = new AlertTracker(POLICY);
    feed(t, 0.7, 0.7); // opens
    assertEquals(AlertState.FIRING, t.state());
    SplittableRandom r = new SplittableRandom(1);
    int transitions = 0;
    AlertState prev = t.state();
    for (int i = 0; i < 1000; i++) {
      AlertState s = t.update(0.31 + r.nextDouble() * 0.5); // wanders across the raise threshold, above clear
      transitions += s.isOpen() != prev.isOpen() ? 1 : 0;
      prev = s;
    }
    assertEquals(0, transitions);
    assertTrue(t.state().isOpen());
  }

  @Test
  void opensOnlyAfterConsecutiveHighScoresAndClosesAfterConsecutiveLowOnes() {
    AlertTracker t = new AlertTracker(POLICY);
    assertEquals(AlertState.PENDING, t.update(0.9));
    assertEquals(AlertState.OK, t.update(0.5)); // streak broken
    assertEquals(AlertState.PENDING, t.update(0.9));
    assertEquals(AlertState.FIRING, t.update(0.9));
    assertTrue(t.justOpened());
    assertEquals(AlertState.RESOLVING, t.update(0.1));
    assertEquals(AlertState.RESOLVING, t.update(0.1));
    assertEquals(AlertState.FIRING, t.update(0.4)); // above clear: back to firing, count restarts
    feed(t, 0.1, 0.1);
    assertEquals(AlertState.OK, t.update(0.1));
  }

  @Test
  void scoresAreSuppressedWhileOpenSoOneIncidentGivesOneDetection() {
    AlertTracker t = new AlertTracker(new AlertPolicy(0.5, 0.3, 1, 2, 0, 0.0, 0));
    t.update(0.8);
    assertEquals(0.8, t.emittedScore());
    t.update(0.95);
    assertEquals(0.0, t.emittedScore());
    feed(t, 0.1, 0.1);
    assertEquals(AlertState.OK, t.state());
    t.update(0.4);
    assertEquals(0.4, t.emittedScore(), "below raise and closed: passed through");
  }

  @Test
  void minOpenKeepsTheAlertOpen() {
    AlertTracker t = new AlertTracker(new AlertPolicy(0.5, 0.3, 1, 1, 5, 0.0, 0));
    t.update(0.9);
    for (int i = 0; i < 4; i++) {
      assertTrue(t.update(0.0).isOpen(), "open at " + i);
    }
    assertEquals(AlertState.OK, t.update(0.0));
  }

  @Test
  void peakMemorySuppressesRepeatsOfTheSameBurst() {
    AlertTracker t = new AlertTracker(new AlertPolicy(1.0, 1.0, 1, 1, 0, 0.0, 100));
    t.update(0.4);
    assertEquals(0.4, t.emittedScore());
    t.update(0.3);
    assertEquals(0.0, t.emittedScore(), "below the recent peak");
    t.update(0.45);
    assertEquals(0.45, t.emittedScore(), "a new high");
  }

  @Test
  void invalidPolicyNamesTheParameter() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new AlertPolicy(0.5, 0.7, 1, 1, 0, 0, 0))
        .getMessage().contains("clear"));
  }

  private static void feed(AlertTracker t, double... scores) {
    for (double s : scores) {
      t.update(s);
    }
  }
}
