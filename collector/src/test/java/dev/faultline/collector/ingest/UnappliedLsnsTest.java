package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class UnappliedLsnsTest {

  private final Set<UnappliedLsns> live = ConcurrentHashMap.newKeySet();
  private final UnappliedLsns lsns = new UnappliedLsns(live);

  @Test
  void theOldestIsTheFirstNotYetAppliedAndAnEmptyTrackerLeavesTheLiveSet() {
    assertEquals(Long.MAX_VALUE, lsns.oldest());
    assertFalse(live.contains(lsns));
    for (long lsn = 100; lsn < 100 + 50 * 40; lsn += 40) { // more than the initial ring holds
      lsns.add(lsn);
    }
    assertTrue(live.contains(lsns));
    for (long lsn = 100; lsn < 100 + 49 * 40; lsn += 40) {
      assertEquals(lsn, lsns.oldest());
      lsns.remove(lsn);
    }
    assertEquals(100 + 49 * 40, lsns.oldest());
    lsns.remove(100 + 49 * 40);
    assertEquals(Long.MAX_VALUE, lsns.oldest());
    assertFalse(live.contains(lsns), "nothing unapplied: a closed connection leaves nothing behind");
  }

  @Test
  void aRemovalAwayFromTheHeadWaitsForTheOlderOnes() {
    lsns.add(10);
    lsns.add(20);
    lsns.add(30);
    lsns.remove(20);
    assertEquals(10, lsns.oldest(), "10 is still unapplied");
    lsns.remove(999); // unknown: ignored
    lsns.remove(10);
    assertEquals(30, lsns.oldest(), "20 was applied already, so 30 is next");
    lsns.remove(30);
    assertFalse(live.contains(lsns));
  }

  @Test
  void addsOutOfOrderStillGiveTheMinimum() {
    lsns.add(50);
    lsns.add(30);
    lsns.add(40);
    assertEquals(30, lsns.oldest());
    lsns.remove(30);
    assertEquals(40, lsns.oldest());
    lsns.remove(50);
    assertEquals(40, lsns.oldest());
    lsns.remove(40);
    assertEquals(Long.MAX_VALUE, lsns.oldest());
  }

  @Test
  void aRingThatWrappedGrowsInOrder() {
    for (long lsn = 0; lsn < 12; lsn++) {
      lsns.add(lsn);
    }
    for (long lsn = 0; lsn < 10; lsn++) {
      lsns.remove(lsn); // the head moves to index 10
    }
    for (long lsn = 12; lsn < 40; lsn++) {
      lsns.add(lsn); // wraps, then grows
    }
    for (long lsn = 10; lsn < 40; lsn++) {
      assertEquals(lsn, lsns.oldest());
      lsns.remove(lsn);
    }
    assertFalse(live.contains(lsns));
  }
}
