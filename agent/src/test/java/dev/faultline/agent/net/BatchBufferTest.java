package dev.faultline.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.agent.series.EncodedBatch;
import org.junit.jupiter.api.Test;

class BatchBufferTest {

  private static EncodedBatch batch(long seq, int bytes) {
    return new EncodedBatch(seq, new byte[bytes], 0);
  }

  @Test
  void fullBufferDropsTheOldestAndCountsThem() {
    BatchBuffer buffer = new BatchBuffer(300);
    assertEquals(0, buffer.add(batch(1, 100)));
    assertEquals(0, buffer.add(batch(2, 100)));
    assertEquals(0, buffer.add(batch(3, 100)));
    assertEquals(2, buffer.add(batch(4, 150)));
    assertEquals(2, buffer.droppedTotal());
    assertEquals(2, buffer.size());
    assertEquals(250, buffer.bytes());
    assertEquals(3, buffer.firstAfter(0).sequence());
  }

  @Test
  void highWaterMarkIsTheMostEverHeldAndNeverAboveTheCap() {
    BatchBuffer buffer = new BatchBuffer(300);
    buffer.add(batch(1, 100));
    buffer.add(batch(2, 150));
    assertEquals(250, buffer.highWaterBytes());
    buffer.ackUpTo(2);
    buffer.add(batch(3, 100));
    assertEquals(250, buffer.highWaterBytes(), "acknowledged bytes freed, the mark stays");
    BatchBuffer full = new BatchBuffer(300);
    for (long s = 1; s <= 20; s++) {
      full.add(batch(s, 120));
    }
    assertEquals(240, full.highWaterBytes(), "full: the oldest go, the total stays within 300");
  }

  @Test
  void ackFreesEverythingUpToTheSequence() {
    BatchBuffer buffer = new BatchBuffer(1000);
    for (long s = 1; s <= 5; s++) {
      buffer.add(batch(s, 10));
    }
    buffer.ackUpTo(3);
    assertEquals(2, buffer.size());
    assertEquals(20, buffer.bytes());
    assertEquals(4, buffer.firstAfter(0).sequence());
    buffer.ackUpTo(2);
    assertEquals(2, buffer.size());
    buffer.ackUpTo(99);
    assertEquals(0, buffer.size());
    assertEquals(0, buffer.bytes());
    assertEquals(0, buffer.droppedTotal());
  }

  @Test
  void firstAfterSkipsWhatThisConnectionAlreadyCarried() {
    BatchBuffer buffer = new BatchBuffer(1000);
    buffer.add(batch(1, 10));
    buffer.add(batch(2, 10));
    assertEquals(2, buffer.firstAfter(1).sequence());
    assertNull(buffer.firstAfter(2));
  }

  @Test
  void batchLargerThanTheCapIsKeptAlone() {
    BatchBuffer buffer = new BatchBuffer(100);
    buffer.add(batch(1, 50));
    buffer.add(batch(2, 500));
    assertEquals(1, buffer.size());
    assertEquals(2, buffer.firstAfter(0).sequence());
    assertEquals(1, buffer.droppedTotal());
  }

  @Test
  void backoffGrowsToTheCapWithJitterAndResets() {
    Backoff backoff = new Backoff(100, 1000, () -> 0.999);
    long[] expectedMax = {100, 200, 400, 800, 1000, 1000};
    for (long max : expectedMax) {
      long d = backoff.nextDelayMillis();
      assertEquals(true, d >= max / 2 && d <= max, d + " vs " + max);
    }
    backoff.reset();
    assertEquals(true, backoff.nextDelayMillis() <= 100);
    assertEquals(50, new Backoff(100, 1000, () -> 0.0).nextDelayMillis());
  }
}
