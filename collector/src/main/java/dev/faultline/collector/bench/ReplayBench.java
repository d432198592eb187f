package dev.faultline.collector.bench;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.ByteSizes;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.ingest.BatchCodec;
import dev.faultline.collector.ingest.IngestHandler;
import dev.faultline.collector.ingest.SeriesDictionary;
import dev.faultline.collector.ingest.WireBatch;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.wal.FsyncPolicy;
import dev.faultline.collector.ingest.WalDictionary;
import dev.faultline.collector.wal.AppendCallback;
import dev.faultline.collector.wal.Wal;
import dev.faultline.collector.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Restart time with and without a snapshot: writes a write-ahead log of the given size (default 1 GiB) in the
 * shape of {@code faultline bench} (16 agents, 5,000 series per batch), then starts a collector on it twice:
 * first replaying the whole log, then, after a snapshot was written, restoring the snapshot and replaying only
 * what follows it (nothing). Run with
 * {@code java -cp faultline-collector.jar dev.faultline.collector.bench.ReplayBench [1GiB]}.
 */
public final class ReplayBench {

  private static final int AGENTS = 16;
  private static final int SERIES_PER_BATCH = 5000;

  private ReplayBench() {}

  public static void main(String[] args) throws Exception {
    long targetBytes = args.length > 0 ? ByteSizes.parse(args[0]) : 1L << 30;
    Path dir = Files.createTempDirectory("faultline-replay-bench");
    try {
      long samples = writeLog(dir.resolve("wal"), targetBytes);
      CollectorConfig config = CollectorConfig.builder()
          .ingestAddress(new Endpoint("127.0.0.1", 0)).queryAddress(new Endpoint("127.0.0.1", 0))
          .dataDir(dir).walMaxBytes(4 * targetBytes + (64L << 20)).walRetention(Duration.ofDays(7)).build();
      LiveConfig noDetection = LiveConfig.defaults().withQueue(false, 1, 1);
      System.gc();
      long started = System.nanoTime();
      long cpu = cpuNanos();
      try (Collector collector = Collector.start(CollectorSettings.builder(config).live(noDetection).build())) {
        report("start, no snapshot (replay the whole log)", started, cpu, collector, samples);
        long snapStarted = System.nanoTime();
        collector.snapshot();
        System.out.printf(Locale.ROOT, "  snapshot written in %.2f s: %,d bytes; log left on disk: %,d bytes%n",
            (System.nanoTime() - snapStarted) / 1e9, snapshotBytes(dir.resolve("wal")), segmentBytes(dir.resolve("wal")));
      }
      System.gc();
      started = System.nanoTime();
      cpu = cpuNanos();
      try (Collector collector = Collector.start(CollectorSettings.builder(config).live(noDetection).build())) {
        report("start, snapshot (restore it, replay the log after it)", started, cpu, collector, samples);
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Writes records of the bench's shape until the log holds {@code targetBytes}; returns the samples written. */
  private static long writeLog(Path walDir, long targetBytes) throws IOException {
    long started = System.nanoTime();
    AgentInfo[] agents = new AgentInfo[AGENTS];
    SeriesRef[][] refs = new SeriesRef[AGENTS][];
    int[] ids = new int[SERIES_PER_BATCH];
    for (int i = 0; i < SERIES_PER_BATCH; i++) {
      ids[i] = i;
    }
    for (int a = 0; a < AGENTS; a++) {
      BenchAgent agent = new BenchAgent(a, SERIES_PER_BATCH);
      agents[a] = IngestHandler.agentInfo(agent.hello);
      SeriesDictionary dictionary = new SeriesDictionary(SERIES_PER_BATCH + 1);
      dictionary.defineAll(agent.definitions, agents[a]);
      refs[a] = dictionary.resolve(new WireBatch(1, 0, SERIES_PER_BATCH, ids, new long[SERIES_PER_BATCH],
          new double[SERIES_PER_BATCH], List.of(), List.of(), List.of()));
    }
    WalDictionary walDictionary = new WalDictionary();
    BatchCodec.Encoder[] encoders = new BatchCodec.Encoder[AGENTS];
    for (int a = 0; a < AGENTS; a++) {
      encoders[a] = new BatchCodec.Encoder(walDictionary);
    }
    long base = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
    long samples = 0;
    long records = 0;
    try (Wal wal = Wal.open(WalOptions.builder(walDir).fsyncPolicy(FsyncPolicy.never())
        .retentionMaxBytes(Long.MAX_VALUE).writeQueueWait(Duration.ofMinutes(5)).build())) {
      java.util.Random random = new java.util.Random(42);
      for (long seq = 1; wal.endLsn() < targetBytes; seq++) {
        for (int a = 0; a < AGENTS && wal.endLsn() < targetBytes; a++) {
          long[] timestamps = new long[SERIES_PER_BATCH];
          double[] values = new double[SERIES_PER_BATCH];
          java.util.Arrays.fill(timestamps, base + seq * 100);
          for (int i = 0; i < SERIES_PER_BATCH; i++) {
            values[i] = Math.round(random.nextGaussian() * 1000) / 10.0;
          }
          DecodedBatch batch = new DecodedBatch(agents[a], seq, 0, SERIES_PER_BATCH, refs[a], timestamps, values,
              List.of(), List.of(), List.of());
          BatchCodec.Encoded record = encoders[a].encode(batch, ids, base + seq * 100);
          wal.append(record.record(), record, AppendCallback.of(lsn -> { }, e -> { }));
          samples += SERIES_PER_BATCH;
          records++;
        }
      }
      System.out.printf(Locale.ROOT, "faultline replay bench: wrote %,d records (%,d samples, %d agents x %d series)"
          + ", %,d bytes of log in %.1f s%n", records, samples, AGENTS, SERIES_PER_BATCH, wal.endLsn(),
          (System.nanoTime() - started) / 1e9);
    }
    return samples;
  }

  private static void report(String what, long startedNanos, long cpuNanos, Collector collector,
      long samplesWritten) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    double cpuSeconds = (cpuNanos() - cpuNanos) / 1e9;
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "  %-55s %6.2f s wall, %6.2f s CPU  (%,d records replayed, %,d series, %,d of %,d samples held;"
        + " heap used %,d MB)%n", what, seconds, cpuSeconds, collector.startupReplay().records(), collector.store().seriesCount(),
        heldSamples(collector), samplesWritten, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  /** CPU time of this JVM, all threads (the machine may be shared: wall time alone misleads). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long heldSamples(Collector collector) {
    long held = 0;
    for (var s : collector.store().list(k -> true)) {
      held += s.summary().points();
    }
    return held;
  }

  private static long snapshotBytes(Path walDir) throws IOException {
    return sizeOf(walDir, ".snap");
  }

  private static long segmentBytes(Path walDir) throws IOException {
    return sizeOf(walDir, ".wal");
  }

  private static long sizeOf(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
