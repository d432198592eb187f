package dev.faultline.collector.bench;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.live.DetectionSink;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.ingest.ClientFrameParser;
import dev.faultline.collector.ingest.IngestHandler;
import dev.faultline.collector.ingest.SeriesDictionary;
import dev.faultline.collector.ingest.WireBatch;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.common.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the three ingest measurements of {@code faultline bench} and prints them:
 *
 * <ol>
 *   <li>parse-only ceiling: the pre-encoded batch frame of each of {@code connections} agents, decoded and resolved
 *       round-robin in a loop by {@link ClientFrameParser} and {@link SeriesDictionary} exactly as ingest does, the
 *       agents spread over one thread per core;
 *   <li>in-memory ingest: the same plus storing into a {@link SeriesStore} (no sockets);
 *   <li>end to end: an in-process {@link Collector} on 127.0.0.1 ephemeral ports and {@code connections} loopback
 *       agents streaming pre-encoded batches as fast as acks allow, each keeping as many unacknowledged as the
 *       real agent may ({@link #agentWindow}); counted are samples actually stored. Detection
 *       is off, so the figure is the ingest path alone;
 *   <li>with {@code --detection}: the end-to-end phase again with the default detectors on, once per value of
 *       {@code --detection-workers}, side by side with the detectors-off figure and their ratio, plus how many
 *       samples the detectors kept up with (their queue drops batches rather than slowing ingest); then the
 *       detection workers alone ({@link DetectionWorkerBenchmark}) for the same worker counts.
 *   <li>with {@link #withTrainingComparison()}: the end-to-end phase again while performance models train back to
 *       back within the collector's trainer bounds, and the ratio.
 * </ol>
 *
 * Every phase is bounded in time, so the benchmark always stops by itself.
 */
public final class IngestBenchmark {

  /** Unacknowledged batches each gateway benchmark connection keeps in flight. */
  static final int WINDOW = 16;

  /**
   * The real agent's default cap on unacknowledged batch bytes ({@code buffer-bytes}, agent/README.md): it writes
   * every buffered batch while its channel is writable, so up to this much may await acks. The end-to-end phases keep
   * as many frames in flight as fit in it, never more (with 16 batches of 50 KB, fsync waits left the cores idle).
   */
  static final long AGENT_BUFFER_BYTES = 8L << 20;

  /** Cap on batches in flight per connection, so that tiny frames do not queue millions of batches in the bench. */
  static final int MAX_WINDOW = 1024;

  /**
   * Batches in flight per end-to-end connection: as many whole frames as fit in {@link #AGENT_BUFFER_BYTES}, at most
   * {@link #MAX_WINDOW}.
   */
  static int agentWindow(int frameBytes) {
    return (int) Math.max(1, Math.min(MAX_WINDOW, AGENT_BUFFER_BYTES / frameBytes));
  }

  /** Off/on pairs of the training comparison. */
  static final int TRAINING_PAIRS = 3;

  private final int connections;
  private final int seconds;
  private final int seriesPerBatch;
  private final PrintWriter out;
  private final List<Integer> detectionWorkers;
  private boolean compareTraining;

  public IngestBenchmark(int connections, int seconds, int seriesPerBatch, PrintWriter out) {
    this(connections, seconds, seriesPerBatch, out, List.of());
  }

  /**
   * @param detectionWorkers for each value, also run end to end with the default detectors on that many workers
   *     and print the ratio to detection off; empty: detection stays off
   */
  public IngestBenchmark(int connections, int seconds, int seriesPerBatch, PrintWriter out,
      List<Integer> detectionWorkers) {
    this.connections = connections;
    this.seconds = seconds;
    this.seriesPerBatch = seriesPerBatch;
    this.out = out;
    this.detectionWorkers = List.copyOf(detectionWorkers);
  }

  /**
   * Also runs end to end while performance models train back to back ({@link TrainingLoad}), side by side with
   * the run without, and prints the ratio.
   */
  public IngestBenchmark withTrainingComparison() {
    this.compareTraining = true;
    return this;
  }

  /** Runs all phases and prints a report; returns the results. */
  public Result run() throws Exception {
    BatchFrameTemplate template = new BatchFrameTemplate(seriesPerBatch, 42);
    if (template.frameBytes() - Protocol.LENGTH_PREFIX_BYTES > Protocol.DEFAULT_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("--series-per-batch " + seriesPerBatch + " makes frames of "
          + template.frameBytes() + " bytes, above the 4 MiB frame limit");
    }
    int threads = Runtime.getRuntime().availableProcessors();
    long phaseMillis = Math.max(1000, Math.min(3000, seconds * 1000L / 3));
    out.printf("faultline bench: %d connections, %d s end to end, %d series per batch (%d bytes per frame), %d cores"
        + ", %d batches in flight per connection (agent buffer-bytes)%n",
        connections, seconds, seriesPerBatch, template.frameBytes(), threads, agentWindow(template.frameBytes()));
    out.flush();
    // JIT warm-up on a throwaway store, so compilation CPU stays out of the measured phases.
    inMemory(template, threads, 2000, true);
    Rate parseOnly = inMemory(template, threads, phaseMillis, false);
    print("parse-only ceiling", parseOnly, "decode + resolve, " + threads + " threads, " + connections + " agents");
    Rate parseStore = inMemory(template, threads, phaseMillis, true);
    print("in-memory ingest", parseStore, "decode + resolve + store, no sockets");
    LiveConfig detectionOff = LiveConfig.defaults().withQueue(false, 1, 1);
    // JIT warm-up of the socket path (Netty, framing, acks), which the in-memory phases never run: without it the
    // compiler threads took 16-17 % of the process's CPU during the measured end-to-end phase on 2 cores (tiered
    // compilation still recompiling the path's methods for ~10 s).
    endToEnd(template, detectionOff, false, warmUpSeconds());
    Rate endToEnd = endToEnd(template, detectionOff, false).rate();
    print("end to end", endToEnd, connections + " loopback connections, samples stored, detection off,"
        + " storage.wal: false");
    Rate endToEndWal = endToEnd(template, detectionOff, true).rate();
    print("end to end, WAL", endToEndWal, "the same with storage.wal: true, storage.fsync: always (default)");
    out.printf("  ratio WAL / in-memory end to end     %.2f wall   %.2f per CPU-second   (goal >= 0.5)%n",
        endToEndWal.perSecond() / endToEnd.perSecond(), endToEndWal.perCpuSecond() / endToEnd.perCpuSecond());
    for (int workers : detectionWorkers) {
      LiveConfig live = LiveConfig.defaults();
      Detected on = endToEnd(template, live.withQueue(true, workers, live.queueBatches()), false);
      print("end to end + detect", on.rate(), "same, default detectors on, detection.workers " + workers);
      out.printf("  ratio detection on / off             %.2f wall   %.2f per CPU-second%n",
          on.rate().perSecond() / endToEnd.perSecond(), on.rate().perCpuSecond() / endToEnd.perCpuSecond());
      out.printf("  detectors fed        %,13.0f samples/s  (%.1f %% of stored; %,d batch hand-offs dropped, queue full;"
          + " %,d samples of series beyond detection.max-series)%n",
          on.detectedPerSecond(), 100.0 * on.detectedPerSecond() / Math.max(1, on.rate().perSecond()),
          on.droppedBatches(), on.refused());
    }
    for (int workers : detectionWorkers) {
      DetectionWorkerBenchmark.Result alone = new DetectionWorkerBenchmark(connections,
          Math.min(seriesPerBatch, 10_000 / connections), workers).run(150, 100);
      out.printf("  detection alone      %,13.0f samples/s  %,13.0f per detection CPU-second  (no ingest, %d series,"
          + " detection.workers %d)%n", alone.perSecond(), alone.perCpuSecond(),
          connections * Math.min(seriesPerBatch, 10_000 / connections), workers);
    }
    if (compareTraining) {
      compareWithTraining(template, detectionOff);
    }
    out.printf("  ratio end-to-end / parse-only        %.2f wall   %.2f per CPU-second%n",
        endToEnd.perSecond() / parseOnly.perSecond(), endToEnd.perCpuSecond() / parseOnly.perCpuSecond());
    out.printf("  ratio end-to-end / in-memory ingest  %.2f wall   %.2f per CPU-second%n",
        endToEnd.perSecond() / parseStore.perSecond(), endToEnd.perCpuSecond() / parseStore.perCpuSecond());
    out.printf("  (per CPU-second: samples / CPU time this JVM used; x%d estimates a dedicated %d-core machine)%n",
        threads, threads);
    SeriesMemoryProbe.Result memory = SeriesMemoryProbe.measure(20_000);
    out.printf("  memory per series    %d bytes fixed (key, labels, index entry, ingest ref, own block with its first 8-point chunk) + %d bytes per point%n",
        memory.fixedBytesPerSeries(), SeriesStore.BYTES_PER_POINT);
    out.printf("                       e.g. %d points (1 h at 1 s): %,d bytes per series%n",
        3600, memory.fixedBytesPerSeries() + 3600L * SeriesStore.BYTES_PER_POINT);
    out.flush();
    return new Result(parseOnly, parseStore, endToEnd, endToEndWal, memory.fixedBytesPerSeries());
  }

  private void print(String phase, Rate rate, String what) {
    out.printf("  %-20s %,13.0f samples/s  %,13.0f per CPU-second  (%s)%n", phase, rate.perSecond(),
        rate.perCpuSecond(), what);
    out.flush();
  }

  /**
   * Decodes (and optionally stores) the agents' frames in a loop: one second of warm-up (JIT, store buffers
   * growing from their initial size), then {@code millis} measured.
   */
  private Rate inMemory(BatchFrameTemplate template, int threads, long millis, boolean store) throws Exception {
    // Same limits as the end-to-end collector (default config), so both phases store alike.
    CollectorConfig defaults = CollectorConfig.defaults();
    SeriesStore target = new SeriesStore(defaults.retention().toMillis(), defaults.maxMemoryBytes(),
        defaults.maxPointsPerSeries(), System::currentTimeMillis);
    LongAdder samples = new LongAdder();
    AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      System.gc(); // leave the previous phase's garbage out of this one's CPU time
      long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      long deadline = measureFrom + TimeUnit.MILLISECONDS.toNanos(millis);
      for (int t = 0; t < threads; t++) {
        // the same agents (and so the same number of series) as the end-to-end phase, spread over the threads
        List<BenchAgent> agents = new ArrayList<>();
        for (int i = t; i < Math.max(connections, threads); i += threads) {
          agents.add(new BenchAgent(1000 + i, seriesPerBatch));
        }
        workers.add(CompletableFuture.runAsync(() -> decodeLoop(template, agents, measureFrom, deadline,
            store ? target : null, clock, samples), pool));
      }
      Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
      CpuClock cpu = new CpuClock();
      long start = System.nanoTime();
      CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0])).get(millis + 30_000, TimeUnit.MILLISECONDS);
      return new Rate(samples.sum() / ((System.nanoTime() - start) / 1e9), samples.sum() / cpu.elapsedSeconds());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void decodeLoop(BatchFrameTemplate template, List<BenchAgent> agents, long measureFromNanos,
      long deadlineNanos, SeriesStore store, AtomicLong clock, LongAdder samples) {
    int n = agents.size();
    AgentInfo[] infos = new AgentInfo[n];
    SeriesDictionary[] dictionaries = new SeriesDictionary[n];
    for (int a = 0; a < n; a++) {
      infos[a] = IngestHandler.agentInfo(agents.get(a).hello);
      dictionaries[a] = new SeriesDictionary(agents.get(a).definitions.getSeriesCount() + 1);
      dictionaries[a].defineAll(agents.get(a).definitions, infos[a]);
    }
    ByteBuf frame = Unpooled.directBuffer(template.frameBytes());
    long sequence = 0;
    long count = 0;
    while (System.nanoTime() < deadlineNanos) {
      for (int a = 0; a < n; a++) { // round-robin over the agents, like interleaved connections
        frame.clear();
        template.writeTo(frame, ++sequence, clock.incrementAndGet());
        frame.skipBytes(Protocol.LENGTH_PREFIX_BYTES);
        WireBatch batch = (WireBatch) ClientFrameParser.parse(frame);
        SeriesRef[] refs = dictionaries[a].resolve(batch);
        if (store != null) {
          store.append(new DecodedBatch(infos[a], batch.sequence(), 0, batch.sampleCount(), refs,
              batch.timestamps(), batch.values(), batch.histograms(), batch.edges(), batch.events()));
        }
        if (System.nanoTime() >= measureFromNanos) {
          count += batch.sampleCount();
        }
      }
    }
    frame.release();
    samples.add(count);
  }

  /**
   * End to end without and with models training, interleaved over {@link #TRAINING_PAIRS} pairs so that a change in
   * the machine's other load hits both sides alike; prints each pair's ratio and the median.
   */
  private void compareWithTraining(BatchFrameTemplate template, LiveConfig detectionOff) throws Exception {
    double[] wall = new double[TRAINING_PAIRS];
    double[] cpu = new double[TRAINING_PAIRS];
    try (TrainingLoad training = new TrainingLoad(8)) {
      for (int i = 0; i < TRAINING_PAIRS; i++) {
        Rate off = endToEnd(template, detectionOff, false).rate();
        if (i == 0) {
          training.start();
        } else {
          training.resume();
        }
        Rate on = endToEnd(template, detectionOff, false).rate();
        training.pause();
        wall[i] = on.perSecond() / off.perSecond();
        cpu[i] = on.perCpuSecond() / off.perCpuSecond();
        out.printf("  pair %d: training off %,11.0f  on %,11.0f samples/s   ratio %.2f wall   %.2f per CPU-second%n",
            i + 1, off.perSecond(), on.perSecond(), wall[i], cpu[i]);
        out.flush();
      }
      java.util.Arrays.sort(wall);
      java.util.Arrays.sort(cpu);
      out.printf("  ratio training on / off (median)     %.2f wall   %.2f per CPU-second   (%d models trained, "
          + "%.1f s busy training; 8 services x 2160 rows, the collector's trainer bounds)%n",
          wall[TRAINING_PAIRS / 2], cpu[TRAINING_PAIRS / 2], training.trained(), training.busySeconds());
    }
  }

  /**
   * Runs the in-process collector with loopback clients; measures stored samples after a warm-up. With {@code wal}
   * every batch is appended to a write-ahead log in a temporary directory and acknowledged once fsynced.
   */
  private Detected endToEnd(BatchFrameTemplate template, LiveConfig live, boolean wal) throws Exception {
    return endToEnd(template, live, wal, seconds);
  }

  /**
   * A collector on ephemeral loopback ports for a throughput benchmark: neither the per-connection read rate nor the
   * series caps may throttle batches of {@code seriesPerBatch} series.
   */
  static CollectorConfig.Builder unthrottledCollector(Path dataDir, int seriesPerBatch) {
    return CollectorConfig.builder()
        .ingestAddress(new Endpoint("127.0.0.1", 0))
        .queryAddress(new Endpoint("127.0.0.1", 0))
        .dataDir(dataDir)
        .maxSeriesPerConnection(Math.max(seriesPerBatch, 1))
        .maxBytesPerSecond(1L << 30)
        .maxSeriesPerAgent(Math.max(seriesPerBatch, CollectorConfig.DEFAULT_MAX_SERIES_PER_AGENT));
  }

  /** Seconds of the unmeasured end-to-end run that compiles the socket path before the measured phases. */
  private int warmUpSeconds() {
    return Math.max(1, Math.min(10, seconds));
  }

  private Detected endToEnd(BatchFrameTemplate template, LiveConfig live, boolean wal, int runSeconds)
      throws Exception {
    Path dataDir = Files.createTempDirectory("faultline-bench");
    CollectorConfig config = unthrottledCollector(dataDir, seriesPerBatch).wal(wal).build();
    EventLoopGroup clients = new MultiThreadIoEventLoopGroup(
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2), NioIoHandler.newFactory());
    List<BenchConnection> conns = new ArrayList<>();
    try (Collector collector = Collector.start(CollectorSettings.builder(config).live(live).build())) {
      AtomicLong clock = new AtomicLong(System.currentTimeMillis() - 1_800_000);
      for (int i = 0; i < connections; i++) {
        BenchConnection conn = new BenchConnection(new BenchAgent(i, seriesPerBatch), template,
            agentWindow(template.frameBytes()),
            clock::incrementAndGet);
        conns.add(conn);
        conn.connect(clients, collector.ingestAddress());
      }
      for (BenchConnection c : conns) {
        c.handshake.get(10, TimeUnit.SECONDS);
      }
      long warmupMillis = Math.min(2000, runSeconds * 200L);
      Thread.sleep(warmupMillis);
      long startSamples = collector.store().samplesStored();
      DetectionSink detection = collector.live().detection();
      long startDetected = detection == null ? 0 : detection.samplesDetected();
      long startDropped = detection == null ? 0 : detection.droppedBatches();
      long startRefused = detection == null ? 0 : detection.samplesRefused();
      CpuClock cpu = new CpuClock();
      long start = System.nanoTime();
      Thread.sleep(runSeconds * 1000L - warmupMillis);
      long stored = collector.store().samplesStored() - startSamples;
      double elapsed = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = cpu.elapsedSeconds();
      long detected = detection == null ? 0 : detection.samplesDetected() - startDetected;
      long dropped = detection == null ? 0 : detection.droppedBatches() - startDropped;
      long refused = detection == null ? 0 : detection.samplesRefused() - startRefused;
      conns.forEach(BenchConnection::stop);
      return new Detected(new Rate(stored / elapsed, stored / cpuSeconds), detected / elapsed, dropped, refused);
    } finally {
      clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      deleteQuietly(dataDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // leftovers in the temp directory are harmless
    }
  }

  /** An end-to-end rate and what the detectors processed meanwhile. */
  private record Detected(Rate rate, double detectedPerSecond, long droppedBatches, long refused) {}

  /** Benchmark figures of each phase and the fixed bytes per series. */
  public record Result(Rate parseOnly, Rate inMemoryIngest, Rate endToEnd, Rate endToEndWal,
      long fixedBytesPerSeries) {}

  /**
   * Throughput of a phase: samples per wall-clock second, and per second of CPU time this JVM used (which stays
   * meaningful when other processes share the machine).
   */
  public record Rate(double perSecond, double perCpuSecond) {}

  /** CPU time used by this JVM (all threads) since construction. */
  private static final class CpuClock {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private final long start = os.getProcessCpuTime();

    double elapsedSeconds() {
      return Math.max(1, os.getProcessCpuTime() - start) / 1e9;
    }
  }
}
