package dev.faultline.collector.wal;

import static dev.faultline.collector.wal.WalTestSupport.expected;
import static dev.faultline.collector.wal.WalTestSupport.record;
import static dev.faultline.collector.wal.WalTestSupport.replayAll;
import static dev.faultline.collector.wal.WalTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL's writer thread: appends hand framed records over and return without waiting for the file; order,
 * back-pressure and the crash window between write and fsync (real files).
 */
@Timeout(60)
class WalWriterThreadTest {

  @TempDir
  Path dir;

  @Test
  void concurrentAppendsAcrossRollsAreAcknowledgedAndReplayedOnceInLsnOrder() throws Exception {
    int threads = 4;
    int perThread = 300;
    List<Long> ackOrder = Collections.synchronizedList(new ArrayList<>());
    Map<Long, String> byLsn = new ConcurrentHashMap<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch acked = new CountDownLatch(threads * perThread);
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      List<Thread> appenders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        appenders.add(new Thread(() -> {
          for (int i = 0; i < perThread; i++) {
            String text = "t" + thread + "-" + i + ":" + new String(record(i), StandardCharsets.UTF_8);
            long lsn = wal.append(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), AppendCallback.of(
                l -> {
                  ackOrder.add(l);
                  acked.countDown();
                }, failure::set));
            byLsn.put(lsn, text);
          }
        }));
      }
      appenders.forEach(Thread::start);
      for (Thread a : appenders) {
        a.join();
      }
      assertTrue(acked.await(30, TimeUnit.SECONDS), "every append acknowledged");
      assertEquals(null, failure.get());
      List<Long> sorted = new ArrayList<>(ackOrder);
      Collections.sort(sorted);
      assertEquals(sorted, ackOrder, "callbacks run in LSN order");
      assertTrue(WalTestSupport.segments(dir).size() > 10, "the records span many segment rolls");
    }
    try (Wal wal = Wal.open(smallSegments(dir).build())) {
      List<Long> lsns = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      wal.replay(0, (lsn, bytes) -> {
        lsns.add(lsn);
        texts.add(StandardCharsets.UTF_8.decode(bytes).toString());
      });
      assertEquals(threads * perThread, texts.size(), "every record exactly once");
      List<Long> expectedLsns = new ArrayList<>(byLsn.keySet());
      Collections.sort(expectedLsns);
      assertEquals(expectedLsns, lsns, "replayed in LSN order");
      for (int i = 0; i < lsns.size(); i++) {
        assertEquals(byLsn.get(lsns.get(i)), texts.get(i), "the record at its LSN");
      }
      int[] next = new int[threads];
      for (String text : texts) {
        int thread = text.charAt(1) - '0';
        assertTrue(text.startsWith("t" + thread + "-" + next[thread] + ":"), "each thread's records in order");
        next[thread]++;
      }
    }
  }

  @Test
  void appendReturnsWhileTheWriterIsStuckInWriteAndAFullQueueDelaysThenRefusesNeverDrops() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    WalOptions options = smallSegments(dir).segmentBytes(1 << 20).writeQueueBytes(2048)
        .writeQueueWait(Duration.ofMillis(1000)).channelFactory(faults.factory()).build();
    List<CompletableFuture<Long>> accepted = new ArrayList<>();
    try (Wal wal = Wal.open(options)) {
      CountDownLatch gate = new CountDownLatch(1);
      faults.writeGate = gate;
      int writes = faults.writesStarted.get();
      long t0 = System.nanoTime();
      accepted.add(wal.append(record(0)));
      while (faults.writesStarted.get() == writes) {
        Thread.sleep(1); // the writer thread took record 0 and is stuck in write()
      }
      int i = 1;
      WalUnavailableException refused = null;
      while (refused == null && i < 1000) {
        try {
          accepted.add(wal.append(record(i)));
          i++;
        } catch (WalUnavailableException e) {
          refused = e;
        }
      }
      assertTrue(refused != null, "a full queue refuses");
      assertEquals(WalState.OPEN, refused.state(), "only busy, not failing");
      assertEquals(WalState.OPEN, wal.state());
      assertTrue(refused.getMessage().contains("queued"), refused.getMessage());
      assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(1000), "waited writeQueueWait first");
      for (CompletableFuture<Long> f : accepted) {
        assertFalse(f.isDone(), "nothing acknowledged while the write has not even finished");
      }

      // An append that finds the queue full waits for room, and gets in once the writer moves on.
      CompletableFuture<Long> delayed = CompletableFuture.supplyAsync(() -> {
        try {
          return wal.append(record(5000)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(50);
      faults.writeGate = null;
      gate.countDown();
      for (CompletableFuture<Long> f : accepted) {
        f.get(10, TimeUnit.SECONDS);
      }
      delayed.get(10, TimeUnit.SECONDS);
      List<String> want = new ArrayList<>(expected(0, accepted.size()));
      want.add(new String(record(5000), StandardCharsets.UTF_8));
      assertEquals(want, replayAll(wal, 0), "every accepted record, once, in order; the refused one absent");
    }
  }

  @Test
  void nothingIsAcknowledgedBetweenWriteAndFsyncAndACrashThereLosesNothingAcknowledged() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    Path walDir = dir.resolve("wal");
    Path crashed = Files.createDirectories(dir.resolve("crashed"));
    WalOptions options = smallSegments(walDir).segmentBytes(1 << 20).channelFactory(faults.factory()).build();
    try (Wal wal = Wal.open(options)) {
      WalTestSupport.appendAll(wal, 0, 5); // acknowledged
      CountDownLatch gate = new CountDownLatch(1);
      faults.forceGate = gate;
      AtomicInteger acks = new AtomicInteger();
      for (int i = 5; i < 25; i++) {
        wal.append(ByteBuffer.wrap(record(i)), AppendCallback.of(lsn -> acks.incrementAndGet(), e -> { }));
      }
      // Written by the writer thread, not fsynced (the flusher waits at the gate): what a kill -9 leaves.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (replayAll(wal, 0).size() < 25 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(0, acks.get(), "nothing acknowledged before its fsync");
      assertEquals(1 << 20, Files.size(WalTestSupport.segments(walDir).get(0).path()), "preallocated");
      copyDirectory(walDir, crashed);
      gate.countDown();
      faults.forceGate = null;
    }
    try (WalTestSupport.LogCapture logs = new WalTestSupport.LogCapture(Wal.class);
        Wal wal = Wal.open(smallSegments(crashed).segmentBytes(1 << 20).build())) {
      assertEquals(expected(0, 25), replayAll(wal, 0), "acknowledged records, then the written-unsynced ones");
      assertEquals(0, logs.atLeast(java.util.logging.Level.WARNING).size(), "a preallocated tail is no damage");
      WalTestSupport.appendAll(wal, 25, 27);
      assertEquals(expected(0, 27), replayAll(wal, 0));
    }
  }

  @Test
  void aFailedFsyncFailsWhatTheWriterHoldsAndWhatIsQueuedNotJustWhatWasWritten() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    WalOptions options = smallSegments(dir).segmentBytes(1 << 20).diskCheckInterval(Duration.ZERO)
        .channelFactory(faults.factory()).build();
    try (Wal wal = Wal.open(options)) {
      WalTestSupport.appendAll(wal, 0, 3);
      CountDownLatch forceGate = new CountDownLatch(1);
      faults.forceGate = forceGate;
      faults.failForce = true;
      int before = faults.writesStarted.get();
      CompletableFuture<Long> written = wal.append(record(3)); // written, its fsync will fail
      while (faults.writesStarted.get() == before) {
        Thread.sleep(1);
      }
      Thread.sleep(20); // let that write finish
      CountDownLatch writeGate = new CountDownLatch(1);
      int writes = faults.writesStarted.get();
      faults.writeGate = writeGate;
      CompletableFuture<Long> inWriter = wal.append(record(4)); // the writer is stuck writing it
      while (faults.writesStarted.get() == writes) {
        Thread.sleep(1);
      }
      CompletableFuture<Long> queued = wal.append(record(5));
      forceGate.countDown(); // the fsync fails while record 4 is being written and record 5 waits
      assertThrows(Exception.class, () -> written.get(5, TimeUnit.SECONDS));
      faults.writeGate = null;
      writeGate.countDown();
      assertThrows(Exception.class, () -> inWriter.get(5, TimeUnit.SECONDS));
      assertThrows(Exception.class, () -> queued.get(5, TimeUnit.SECONDS));
      faults.forceGate = null;
      faults.failForce = false;
      WalTestSupport.appendAll(wal, 6, 7);
      List<String> want = new ArrayList<>(expected(0, 3));
      want.addAll(expected(6, 7));
      assertEquals(want, replayAll(wal, 0), "the log was cut back to the durable end");
    }
  }

  private static void copyDirectory(Path from, Path to) throws Exception {
    try (var files = Files.list(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
