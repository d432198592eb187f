package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.appendAll;
import static dev.faultline.collector.wal.WalTestSupport.expected;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.segments;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WalRoundTripTest {

  @TempDir Path dir;

  @Test
  void recordsReplayInOrderAcrossSeveralSegments() throws Exception {
    List<Long> lsns;
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      lsns = appendAll(wal, 0, 200);
    }
    assertTrue(segments(dir).size() > 5, "expected several segments, got " + segments(dir).size());
    for (int i = 1; i < lsns.size(); i++) {
      assertTrue(lsns.get(i) > lsns.get(i - 1), "LSNs increase");
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      assertEquals(expected(0, 200), replayAll(wal, 0));
    }
  }

  @Test
  void appendsAfterReopenContinueTheLog() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      appendAll(wal, 0, 30);
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      appendAll(wal, 30, 60);
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      assertEquals(expected(0, 60), replayAll(wal, 0));
    }
  }

  @Test
  void replayFromAnLsnSkipsEarlierRecords() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      List<Long> lsns = appendAll(wal, 0, 100);
      assertEquals(expected(57, 100), replayAll(wal, lsns.get(57)));
      assertEquals(expected(58, 100), replayAll(wal, lsns.get(57) + 1));
    }
  }

  @Test
  void concurrentAppendersAllBecomeDurableInLsnOrder() throws Exception {
    ConcurrentLinkedQueue<Long> durableOrder = new ConcurrentLinkedQueue<>();
    int threads = 4;
    int perThread = 200;
    CountDownLatch done = new CountDownLatch(threads * perThread);
    try (Wal wal = Wal.open(smallSegments(dir).segmentBytes(64 << 10).build())) {
      AppendCallback cb = new AppendCallback() {
        @Override
        public void onDurable(long lsn) {
          durableOrder.add(lsn);
          done.countDown();
        }

        @Override
        public void onFailure(long lsn, WalUnavailableException error) {
          throw new AssertionError(error);
        }
      };
      Thread[] ts = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int id = t;
        ts[t] = new Thread(() -> {
          for (int i = 0; i < perThread; i++) {
            wal.append(ByteBuffer.wrap(WalTestSupport.record(id * perThread + i)), cb);
          }
        });
        ts[t].start();
      }
      for (Thread t : ts) {
        t.join();
      }
      assertTrue(done.await(10, TimeUnit.SECONDS));
      long previous = -1;
      for (long lsn : durableOrder) {
        assertTrue(lsn > previous, "callbacks in LSN order");
        previous = lsn;
      }
      assertEquals(threads * perThread, replayAll(wal, 0).size());
      WalStats stats = wal.stats();
      assertEquals(threads * perThread, stats.recordsWritten());
      assertTrue(stats.fsyncs() > 0);
      assertEquals(stats.endLsn(), stats.durableLsn());
    }
  }

  @Test
  void closeIsIdempotentAndLaterAppendsFailFast() throws Exception {
    Wal wal = Wal.open(smallSegments(dir).build());
    CompletableFuture<Long> f = wal.append(WalTestSupport.record(1));
    wal.close();
    assertTrue(f.isDone(), "close waits for pending appends");
    wal.close();
    assertEquals(WalState.CLOSED, wal.state());
    WalUnavailableException e = assertThrows(WalUnavailableException.class, () -> wal.append(new byte[] {1}));
    assertEquals(WalState.CLOSED, e.state());
  }

  @Test
  void oversizeRecordIsRejectedWithoutTouchingTheLog() throws Exception {
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      long end = wal.endLsn();
      assertThrows(IllegalArgumentException.class, () -> wal.append(new byte[2000]));
      assertEquals(end, wal.endLsn());
    }
  }
}
