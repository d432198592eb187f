package dev.faultline.agent.instrument.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InFlightGaugeTest {

  private static final long MS = 1_024_000; // a whole number of the gauge's 1024-ns ticks, so means are exact

  @Test
  void meanIsTheTimeWeightedNumberInFlightAndMaxTheMostAtOnce() {
    InFlightGauge gauge = new InFlightGauge(0);
    gauge.enter(0);           // A: 0 .. 100
    gauge.enter(20 * MS);     // B: 20 .. 60
    gauge.enter(40 * MS);     // C: 40 .. still in flight at the drain
    gauge.exit(60 * MS);
    gauge.exit(100 * MS);
    InFlightGauge.Reading first = gauge.drain(100 * MS);
    // integral: A 100 + B 40 + C 60 = 200 ms over 100 ms
    assertEquals(2.0, first.mean(), 1e-9);
    assertEquals(3, first.max());
    assertEquals(1, gauge.current());

    InFlightGauge.Reading second = gauge.drain(200 * MS); // C alone the whole interval
    assertEquals(1.0, second.mean(), 1e-9);
    assertEquals(1, second.max(), "the interval starts with what is in flight");
    gauge.exit(250 * MS);
    InFlightGauge.Reading third = gauge.drain(300 * MS);
    assertEquals(0.5, third.mean(), 1e-9);
    assertEquals(0, gauge.drain(400 * MS).max());
  }

  @Test
  void clockValuesOfAnySignAndSizeGiveTheSameMean() {
    for (long origin : new long[] {Long.MIN_VALUE / 2, -5 * MS, 0, Long.MAX_VALUE / 2, Long.MAX_VALUE - 500 * MS}) {
      InFlightGauge gauge = new InFlightGauge(origin);
      for (int i = 0; i < 1000; i++) {
        gauge.enter(origin); // a thousand requests of 50 ms from the start
      }
      for (int i = 0; i < 1000; i++) {
        gauge.exit(origin + 50 * MS);
      }
      InFlightGauge.Reading reading = gauge.drain(origin + 100 * MS);
      assertEquals(500.0, reading.mean(), 1e-9, "origin " + origin);
      assertEquals(1000, reading.max());
    }
  }

  @Test
  void concurrentRequestsAllLeaveTheCount() throws InterruptedException {
    InFlightGauge gauge = new InFlightGauge(System.nanoTime());
    int threads = 4;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 100_000; i++) {
          gauge.enter(System.nanoTime());
          gauge.exit(System.nanoTime());
        }
      });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertEquals(0, gauge.current());
    InFlightGauge.Reading reading = gauge.drain(System.nanoTime());
    assertEquals(true, reading.max() >= 1 && reading.max() <= threads, "max " + reading.max());
    assertEquals(0, gauge.drain(System.nanoTime()).max());
  }
}
