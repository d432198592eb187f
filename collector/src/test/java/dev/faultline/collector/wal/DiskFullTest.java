package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.expected;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DiskFullTest {

  @TempDir Path dir;

  @Test
  void lowFreeSpaceRefusesAppendsThenRecoversWhenSpaceIsBack() throws Exception {
    AtomicLong free = new AtomicLong(1L << 30);
    WalOptions options = smallSegments(dir).minFreeBytes(1 << 20).diskCheckInterval(Duration.ZERO)
        .freeSpaceProbe(d -> free.get()).build();
    try (Wal wal = Wal.open(options)) {
      wal.append(WalTestSupport.record(0)).get(5, TimeUnit.SECONDS);
      free.set(1000);
      WalUnavailableException e = assertThrows(WalUnavailableException.class,
          () -> wal.append(WalTestSupport.record(1)));
      assertEquals(WalState.REFUSING, e.state());
      assertTrue(e.getMessage().contains("below the minimum"), e.getMessage());
      assertEquals(WalState.REFUSING, wal.state());
      assertThrows(WalUnavailableException.class, () -> wal.append(WalTestSupport.record(1)));
      assertEquals(2, wal.stats().appendsRefused());
      assertTrue(wal.stats().refusingReason().contains("1000"));

      free.set(1L << 30);
      wal.append(WalTestSupport.record(1)).get(5, TimeUnit.SECONDS);
      assertEquals(WalState.OPEN, wal.state());
      assertEquals(expected(0, 2), replayAll(wal, 0));
    }
  }

  @Test
  void freeSpaceIsProbedAtMostOncePerInterval() throws Exception {
    AtomicLong probes = new AtomicLong();
    WalOptions options = smallSegments(dir).segmentBytes(1 << 20).minFreeBytes(1)
        .diskCheckInterval(Duration.ofHours(1)).freeSpaceProbe(d -> {
          probes.incrementAndGet();
          return 1L << 30;
        }).build();
    try (Wal wal = Wal.open(options)) {
      for (int i = 0; i < 100; i++) {
        wal.append(WalTestSupport.record(i)).get(5, TimeUnit.SECONDS);
      }
      assertEquals(1, probes.get());
    }
  }

  @Test
  void noSpaceLeftDuringAWriteRefusesAndLeavesNoPartialRecord() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    WalOptions options = smallSegments(dir).diskCheckInterval(Duration.ZERO).channelFactory(faults.factory())
        .build();
    try (Wal wal = Wal.open(options)) {
      WalTestSupport.appendAll(wal, 0, 3);
      faults.failWrites = true;
      // The writer thread writes after append() returned: the failure comes through the callback (never an ack).
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> wal.append(WalTestSupport.record(99)).get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof WalUnavailableException, String.valueOf(e.getCause()));
      assertTrue(e.getCause().getMessage().contains("No space left on device"), e.getCause().getMessage());
      assertEquals(WalState.REFUSING, wal.state());

      faults.failWrites = false; // space is back
      WalTestSupport.appendAll(wal, 3, 5);
      assertEquals(WalState.OPEN, wal.state());
    }
    try (WalTestSupport.LogCapture logs = new WalTestSupport.LogCapture(Wal.class);
        Wal wal = Wal.open(smallSegments(dir).build())) {
      assertEquals(expected(0, 5), replayAll(wal, 0));
      assertEquals(0, logs.atLeast(java.util.logging.Level.WARNING).size(), "no torn tail left behind");
    }
  }

  @Test
  void failedFsyncFailsPendingAppendsAndCutsThemFromTheLog() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    WalOptions options = smallSegments(dir).diskCheckInterval(Duration.ZERO).channelFactory(faults.factory())
        .build();
    try (Wal wal = Wal.open(options)) {
      WalTestSupport.appendAll(wal, 0, 2);
      CountDownLatch gate = new CountDownLatch(1);
      faults.forceGate = gate;
      faults.failForce = true;
      CompletableFuture<Long> doomed = wal.append(WalTestSupport.record(2));
      gate.countDown();
      ExecutionException e = assertThrows(ExecutionException.class, () -> doomed.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof WalUnavailableException, String.valueOf(e.getCause()));
      assertEquals(WalState.REFUSING, wal.state());

      faults.forceGate = null;
      faults.failForce = false;
      WalTestSupport.appendAll(wal, 3, 4);
      assertEquals(WalState.OPEN, wal.state());
      assertEquals(java.util.List.of(expected(0, 2).get(0), expected(0, 2).get(1), expected(3, 4).get(0)),
          replayAll(wal, 0));
    }
  }
}
