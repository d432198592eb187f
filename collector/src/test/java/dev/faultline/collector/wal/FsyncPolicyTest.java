package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FsyncPolicyTest {

  @TempDir Path dir;

  @Test
  void groupCommitCompletesDurableCallbacksOnlyAfterTheFsync() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    WalOptions options = smallSegments(dir).fsyncPolicy(FsyncPolicy.groupCommit(Duration.ofMillis(5)))
        .channelFactory(faults.factory()).build();
    try (Wal wal = Wal.open(options)) {
      CountDownLatch gate = new CountDownLatch(1);
      faults.forceGate = gate;
      int forcesBefore = faults.forces.get();
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(wal.append(WalTestSupport.record(i)));
      }
      Thread.sleep(100); // several group-commit intervals: the flusher is stuck in force()
      for (CompletableFuture<Long> f : futures) {
        assertFalse(f.isDone(), "acknowledged before its fsync");
      }
      assertTrue(wal.stats().durableLsn() < wal.endLsn());
      faults.forceGate = null;
      gate.countDown();
      for (CompletableFuture<Long> f : futures) {
        f.get(5, TimeUnit.SECONDS);
      }
      assertTrue(faults.forces.get() > forcesBefore, "an fsync ran before the acknowledgement");
      assertEquals(wal.endLsn(), wal.stats().durableLsn());
    }
  }

  @Test
  void groupCommitSharesOneFsyncAmongManyAppends() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    WalOptions options = smallSegments(dir).segmentBytes(1 << 20)
        .fsyncPolicy(FsyncPolicy.groupCommit(Duration.ofMillis(200))).channelFactory(faults.factory()).build();
    try (Wal wal = Wal.open(options)) {
      int before = faults.forces.get();
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(wal.append(WalTestSupport.record(i)));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
      assertTrue(faults.forces.get() - before <= 3, "fsyncs: " + (faults.forces.get() - before));
    }
  }

  @Test
  void everyAppendFsyncsBeforeEachSequentialAcknowledgement() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    WalOptions options = smallSegments(dir).segmentBytes(1 << 20).channelFactory(faults.factory()).build();
    try (Wal wal = Wal.open(options)) {
      int before = faults.forces.get();
      for (int i = 0; i < 20; i++) {
        wal.append(WalTestSupport.record(i)).get(5, TimeUnit.SECONDS);
        assertEquals(before + i + 1, faults.forces.get());
      }
    }
  }

  @Test
  void neverPolicyAcknowledgesWithoutFsync() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    WalOptions options = smallSegments(dir).segmentBytes(1 << 20).fsyncPolicy(FsyncPolicy.never())
        .channelFactory(faults.factory()).build();
    try (Wal wal = Wal.open(options)) {
      int before = faults.forces.get();
      // Acknowledged by the writer thread right after its write, with no fsync in between.
      wal.append(WalTestSupport.record(1)).get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(before, faults.forces.get());
    }
  }
}
