package dev.faultline.collector.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Throughput benchmark of the WAL: appends of 40 KB records under each fsync policy, then the replay speed of 1 GiB
 * of log. Not a JMH benchmark: it measures the whole path including fsync, which JMH's model does not help with.
 *
 * <pre>
 * java -cp collector/target/faultline-collector.jar dev.faultline.collector.wal.WalBench [dir] [replay-MiB] [secs]
 * </pre>
 * Defaults: a new temp directory under {@code java.io.tmpdir}, 1024 MiB, 3 seconds per append run. Everything the
 * benchmark writes is deleted afterwards.
 */
public final class WalBench {

  private static final int RECORD_BYTES = 40 * 1024;
  private static final int PIPELINE_THREADS = 4;
  private static final int PIPELINE_IN_FLIGHT = 256;

  private WalBench() {}

  public static void main(String[] args) throws Exception {
    boolean ownRoot = args.length == 0;
    Path root = ownRoot ? Files.createTempDirectory("faultline-walbench") : Files.createDirectories(Path.of(args[0]));
    long replayMiB = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    long seconds = args.length > 2 ? Long.parseLong(args[2]) : 3;
    Path work = Files.createTempDirectory(root, "run");
    System.out.printf("WAL benchmark: %d-byte records, %d s per run, dir %s, %d CPUs, Java %s%n",
        RECORD_BYTES, seconds, work, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    try {
      FsyncPolicy[] policies = {FsyncPolicy.everyAppend(), FsyncPolicy.groupCommit(Duration.ofMillis(5)),
          FsyncPolicy.never()};
      System.out.printf("%-20s %-34s %12s %10s %8s %14s %18s%n", "fsync policy", "load", "records/s", "MB/s", "fsyncs",
          "fsync mean us", "CPU ms/MB usr+sys");
      for (FsyncPolicy policy : policies) {
        appendRun(work.resolve(policy + "-seq"), policy, seconds, 1, 1);
        appendRun(work.resolve(policy + "-pipe"), policy, seconds, PIPELINE_THREADS, PIPELINE_IN_FLIGHT);
      }
      replayRun(work.resolve("replay"), replayMiB);
    } finally {
      deleteRecursively(ownRoot ? root : work);
    }
  }

  private static void appendRun(Path dir, FsyncPolicy policy, long seconds, int threads, int inFlight)
      throws Exception {
    WalOptions options = WalOptions.builder(dir).fsyncPolicy(policy).minFreeBytes(0)
        .retentionMaxBytes(1L << 30).build();
    ByteBuffer[] records = randomRecords();
    AtomicLong acked = new AtomicLong();
    Semaphore window = new Semaphore(inFlight);
    AppendCallback callback = new AppendCallback() {
      @Override
      public void onDurable(long lsn) {
        acked.incrementAndGet();
        window.release();
      }

      @Override
      public void onFailure(long lsn, WalUnavailableException error) {
        window.release();
      }
    };
    WalStats stats;
    long elapsed;
    long[] cpuBefore;
    long[] cpuAfter;
    try (Wal wal = Wal.open(options)) {
      cpuBefore = userSystemTicks();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long t0 = System.nanoTime();
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int offset = t;
        workers[t] = new Thread(() -> {
          int i = offset;
          while (System.nanoTime() < deadline) {
            window.acquireUninterruptibly();
            wal.append(records[i++ % records.length].duplicate(), callback);
          }
        });
        workers[t].start();
      }
      for (Thread w : workers) {
        w.join();
      }
      window.acquireUninterruptibly(inFlight); // every append acknowledged
      elapsed = System.nanoTime() - t0;
      cpuAfter = userSystemTicks();
      stats = wal.stats();
    }
    double secs = elapsed / 1e9;
    String load = threads == 1 && inFlight == 1 ? "1 appender, waits for each ack"
        : threads + " appenders, " + inFlight + " acks in flight";
    double mb = acked.get() * (double) RECORD_BYTES / 1e6;
    // CPU of the whole process (appenders, writer, flusher, GC) per MB appended; 10 ms ticks
    String cpu = cpuBefore == null || cpuAfter == null || mb == 0 ? "-" : String.format("%.2f + %.2f",
        (cpuAfter[0] - cpuBefore[0]) * 10 / mb, (cpuAfter[1] - cpuBefore[1]) * 10 / mb);
    System.out.printf("%-20s %-34s %12.0f %10.1f %8d %14d %18s%n", policy, load, acked.get() / secs, mb / secs,
        stats.fsyncs(), stats.fsyncMeanMicros(), cpu);
    deleteRecursively(dir);
  }

  private static void replayRun(Path dir, long mib) throws Exception {
    WalOptions options = WalOptions.builder(dir).fsyncPolicy(FsyncPolicy.never()).minFreeBytes(0)
        .retentionMaxBytes(Long.MAX_VALUE).build();
    ByteBuffer[] records = randomRecords();
    long target = mib << 20;
    try (Wal wal = Wal.open(options)) {
      AppendCallback none = new AppendCallback() {
        @Override
        public void onDurable(long lsn) {}

        @Override
        public void onFailure(long lsn, WalUnavailableException error) {}
      };
      for (int i = 0; wal.endLsn() < target; i++) {
        wal.append(records[i % records.length].duplicate(), none);
      }
    }
    for (String pass : new String[] {"first", "second"}) {
      try (Wal wal = Wal.open(options)) {
        long[] checksum = new long[1];
        ReplaySummary s = wal.replay(0, (lsn, bytes) -> checksum[0] += bytes.get(0));
        double secs = s.elapsedNanos() / 1e9;
        double gib = (s.recordBytes() + s.records() * RecordFormat.HEADER_BYTES) / (double) (1L << 30);
        System.out.printf("replay (%s pass): %.2f GiB, %d records in %.2f s = %.2f GiB/s (CRC32C checked, page cache"
            + " warm)%n", pass, gib, s.records(), secs, gib / secs);
      }
    }
  }

  /** {utime, stime} of this process in 10 ms ticks ({@code /proc/self/stat} fields 14, 15); null without it. */
  private static long[] userSystemTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static ByteBuffer[] randomRecords() {
    Random random = new Random(42);
    ByteBuffer[] out = new ByteBuffer[16];
    for (int i = 0; i < out.length; i++) {
      byte[] b = new byte[RECORD_BYTES];
      random.nextBytes(b);
      out[i] = ByteBuffer.wrap(b);
    }
    return out;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
