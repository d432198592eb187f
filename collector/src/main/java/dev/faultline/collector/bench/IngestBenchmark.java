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
 *   <li>end to end with the write-ahead log ({@code fsync: always}), in the same rounds as the two above, printed
 *       beside the in-memory end-to-end phase with each one's user and system CPU per sample and the log's bytes per
 *       second ({@link Rounds#printWal}), so one run shows whether the log is CPU- or disk-bound;
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

  /** Alternating rounds of parse-only and end-to-end phases whose median is reported. */
  public static final int DEFAULT_ROUNDS = 5;

  /** Unmeasured start of each round's parse-only phase (caches, the JIT is warm by then). */
  static final long PARSE_WARMUP_MILLIS = 500;

  /** Unmeasured start of each round's end-to-end phase, after the handshakes (socket buffers, store growing). */
  static final long END_TO_END_WARMUP_MILLIS = 1000;

  /** Off/on pairs of the training comparison. */
  static final int TRAINING_PAIRS = 3;

  private final int connections;
  private final int seconds;
  private final int seriesPerBatch;
  private final PrintWriter out;
  private final List<Integer> detectionWorkers;
  private boolean compareTraining;
  private int rounds = DEFAULT_ROUNDS;
  private boolean agentsProcess;
  private String agentsCpus;
  /** The agents of the end-to-end phases in this JVM, for the whole run. */
  private StreamingAgents inProcessAgents;

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

  /**
   * Measures parse-only and end to end in {@code rounds} alternating rounds (the order of the phases rotates from
   * round to round) and reports the medians and their spread; {@code --seconds} of end-to-end measurement are split
   * over the rounds, at least 1 s each, and the parse-only phases measure as long.
   */
  public IngestBenchmark withRounds(int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be >= 1, was " + rounds);
    }
    this.rounds = rounds;
    return this;
  }

  /**
   * Also runs each round's end-to-end phase with the agents in a child JVM ({@link AgentsProcess}), side by side
   * with the agents in this JVM.
   *
   * @param cpus a {@code taskset -c} list to pin the child to, or null for unpinned
   */
  public IngestBenchmark withAgentsProcess(String cpus) {
    if (cpus != null) {
      AgentsProcess.taskset(); // fail before any phase runs if it cannot be pinned
    }
    this.agentsProcess = true;
    this.agentsCpus = cpus;
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
    LiveConfig detectionOff = LiveConfig.defaults().withQueue(false, 1, 1);
    try (InProcessAgents inProcess = new InProcessAgents(connections, seriesPerBatch, template);
        AgentsProcess child = agentsProcess ? AgentsProcess.start(connections, seriesPerBatch, agentsCpus) : null) {
      inProcessAgents = inProcess;
      // JIT warm-up on a throwaway store, so compilation CPU stays out of the measured phases.
      inMemory(template, threads, 2000, true);
      // JIT warm-up of the socket path (Netty, framing, acks), which the in-memory phases never run: without it the
      // compiler threads took 16-17 % of the process's CPU during the measured end-to-end phase on 2 cores (tiered
      // compilation still recompiling the path's methods for ~10 s). The child's agents warm up alongside.
      endToEnd(template, detectionOff, false, inProcess, 1000, warmUpSeconds() * 1000L - 1000);
      if (child != null) {
        endToEnd(template, detectionOff, false, child, 1000, warmUpSeconds() * 1000L - 1000);
      }
      // the WAL's own path (encoding, framing, the writer and flusher threads) compiles too
      endToEnd(template, detectionOff, true, inProcess, 1000, Math.max(1000, warmUpSeconds() * 500L - 1000));
      Rounds measured = rounds(template, threads, detectionOff, inProcess, child);
      Rate parseStore = inMemory(template, threads, phaseMillis, true).rate();
      print("in-memory ingest", parseStore, "decode + resolve + store, no sockets, one phase");
      measured.printWal(out);
      return rest(template, detectionOff, measured, parseStore, measured.endToEndWal());
    }
  }

  /**
   * Only the two end-to-end phases, WAL ({@code fsync: always}) and in memory, alternating for {@link #withRounds}
   * rounds (order rotating) after the usual warm-ups, each phase's collector CPU per stored sample split by thread
   * group ({@link ThreadCpuSplit}); prints each phase, then the medians and the WAL's extra per group. Why: the full
   * bench's process-wide figures say that the WAL costs more CPU per sample, not on which threads; this is the
   * reproducible form of branch wal6's throwaway harness.
   */
  public void runCpuSplit() throws Exception {
    BatchFrameTemplate template = new BatchFrameTemplate(seriesPerBatch, 42);
    int threads = Runtime.getRuntime().availableProcessors();
    long measureMillis = Math.max(1000, seconds * 1000L / rounds);
    out.printf("faultline bench --cpu-split: %d connections, %d series per batch, %d cores, %d rounds of WAL and"
        + " in-memory end to end, %.1f s measured each%n", connections, seriesPerBatch, threads, rounds,
        measureMillis / 1000.0);
    out.printf("  machine at start: %s%n", MachineState.describe(Path.of(System.getProperty("java.io.tmpdir"))));
    out.flush();
    LiveConfig detectionOff = LiveConfig.defaults().withQueue(false, 1, 1);
    try (InProcessAgents inProcess = new InProcessAgents(connections, seriesPerBatch, template)) {
      inProcessAgents = inProcess;
      endToEnd(template, detectionOff, false, inProcess, 1000, warmUpSeconds() * 1000L - 1000);
      endToEnd(template, detectionOff, true, inProcess, 1000, Math.max(1000, warmUpSeconds() * 500L - 1000));
      List<Detected> wal = new java.util.ArrayList<>();
      List<Detected> memory = new java.util.ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 2; i++) {
          boolean withWal = (r + i) % 2 == 0;
          Detected d = endToEnd(template, detectionOff, withWal, inProcess, END_TO_END_WARMUP_MILLIS, measureMillis);
          (withWal ? wal : memory).add(d);
          printSplit("round " + (r + 1) + (withWal ? " WAL      " : " in memory"), d);
        }
      }
      out.printf("  medians over the rounds, ns per stored sample (user + system):%n");
      out.printf("    %-14s %15s %15s %15s%n", "threads", "WAL", "in memory", "WAL extra");
      for (ThreadCpuSplit.Group g : ThreadCpuSplit.Group.values()) {
        double[] w = {medianSplit(wal, g, 0), medianSplit(wal, g, 1)};
        double[] m = {medianSplit(memory, g, 0), medianSplit(memory, g, 1)};
        out.printf("    %-14s %7.1f + %5.1f %7.1f + %5.1f %+7.1f + %+5.1f%n", g.label, w[0], w[1], m[0], m[1],
            w[0] - m[0], w[1] - m[1]);
      }
      double walRate = Spread.of(wal.stream().mapToDouble(d -> d.rate().perSecond()).toArray()).median();
      double memoryRate = Spread.of(memory.stream().mapToDouble(d -> d.rate().perSecond()).toArray()).median();
      out.printf("    %-14s %,15.0f %,15.0f   ratio %.2f%n", "samples/s", walRate, memoryRate, walRate / memoryRate);
      out.printf("  machine at end: %s%n", MachineState.describe(Path.of(System.getProperty("java.io.tmpdir"))));
      out.flush();
    }
  }

  private void printSplit(String phase, Detected d) {
    double samples = d.measured().samples();
    StringBuilder groups = new StringBuilder();
    for (ThreadCpuSplit.Group g : ThreadCpuSplit.Group.values()) {
      groups.append(String.format("  %s %.1f+%.1f", g.label, d.threadTicks().nanosPerSample(g, 0, samples),
          d.threadTicks().nanosPerSample(g, 1, samples)));
    }
    out.printf("  %s %,13.0f samples/s  %.1f MB/s WAL  %.1f B allocated per sample; ns per sample user+system:%s%n",
        phase, d.rate().perSecond(), d.measured().walBytesPerSecond() / 1e6, d.measured().bytesPerSample(), groups);
    out.printf("      %s%n", d.measured().cost().summary());
    out.flush();
  }

  private static double medianSplit(List<Detected> phases, ThreadCpuSplit.Group g, int kind) {
    return Spread.of(phases.stream().mapToDouble(d -> d.threadTicks().nanosPerSample(g, kind, d.measured().samples()))
        .toArray()).median();
  }

  /**
   * The alternating rounds: parse-only, end to end with the agents in this JVM and, with {@link #withAgentsProcess},
   * end to end with them in the child, in an order that rotates by one each round (so that a drift in the machine's
   * load does not always hit the same phase); prints each phase and then the medians.
   */
  private Rounds rounds(BatchFrameTemplate template, int threads, LiveConfig detectionOff, StreamingAgents inProcess,
      StreamingAgents child) throws Exception {
    long measureMillis = Math.max(1000, seconds * 1000L / rounds);
    out.printf("  %d rounds, each phase %.1f s measured after its own warm-up (parse-only %.1f s; end to end on a fresh"
        + " collector, at least %.1f s after the handshakes and until 3 batches per connection are stored; then, but"
        + " for the WAL phase, until the JIT's threads used <= %.2f cores for %.1f s, at most %.0f s), order"
        + " rotating:%n", rounds, measureMillis / 1000.0, PARSE_WARMUP_MILLIS / 1000.0,
        END_TO_END_WARMUP_MILLIS / 1000.0, JitQuiet.QUIET_CORES, JitQuiet.WINDOW_MILLIS / 1000.0,
        JitQuiet.MAX_WAIT_MILLIS / 1000.0);
    Rounds result = new Rounds(child != null);
    int phases = child == null ? 3 : 4;
    for (int r = 0; r < rounds; r++) {
      Measured parse = null;
      Measured here = null;
      Measured wal = null;
      Measured there = null;
      for (int i = 0; i < phases; i++) {
        switch ((r + i) % phases) {
          case 0 -> parse = inMemory(template, threads, PARSE_WARMUP_MILLIS, measureMillis, false, true);
          case 1 -> here = endToEnd(template, detectionOff, false, inProcess, END_TO_END_WARMUP_MILLIS, measureMillis,
              true).measured();
          case 2 -> wal = endToEnd(template, detectionOff, true, inProcess, END_TO_END_WARMUP_MILLIS, measureMillis)
              .measured();
          default -> there = endToEnd(template, detectionOff, false, child, END_TO_END_WARMUP_MILLIS, measureMillis,
              true).measured();
        }
      }
      result.add(parse, here, there);
      result.addWal(wal);
      printRound(r + 1, "parse-only", parse, threads + " threads");
      printRound(r + 1, "end to end", here, "agents " + inProcess.where());
      printRound(r + 1, "e2e WAL", wal, String.format("WAL %.0f MB/s written, agents %s",
          wal.walBytesPerSecond() / 1e6, inProcess.where()));
      if (there != null) {
        printRound(r + 1, "end to end", there, "agents " + child.where());
      }
    }
    result.printMedians(out, threads, connections, child == null ? null : child.where());
    return result;
  }

  private void printRound(int round, String phase, Measured m, String what) {
    out.printf("  round %d %-11s %,13.0f samples/s  %,13.0f per collector CPU-s  agents %.2f cores  %.1f B allocated"
        + " and %.1f ns collector CPU per sample  (%s; %s)%n", round, phase, m.rate().perSecond(),
        m.perCollectorCpuSecond(), m.agentsCores(), m.bytesPerSample(), m.collectorCpuNanosPerSample(),
        m.jitWait() == null ? what : what + "; " + m.jitWait().describe(), m.cost().summary());
    out.flush();
  }

  /** The optional comparisons (detection, training), the closing ratios and the memory per series. */
  private Result rest(BatchFrameTemplate template, LiveConfig detectionOff, Rounds measured, Rate parseStore,
      Rate endToEndWal) throws Exception {
    Rate parseOnly = measured.parseOnly();
    Rate endToEnd = measured.endToEnd();
    int threads = Runtime.getRuntime().availableProcessors();
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
    measured.printRatios(out);
    out.printf("  ratio end-to-end / in-memory ingest  %.2f wall   %.2f per CPU-second%n",
        endToEnd.perSecond() / parseStore.perSecond(), endToEnd.perCpuSecond() / parseStore.perCpuSecond());
    out.printf("  (per CPU-second: samples / CPU time this JVM used; per collector CPU-second: the same less the CPU of"
        + " its JIT compiler threads and of the agents' threads when they run in this JVM (their loopback sends, and"
        + " often the receive's soft interrupt, included); x%d estimates a dedicated %d-core machine)%n",
        threads, threads);
    SeriesMemoryProbe.Result memory = SeriesMemoryProbe.measure(20_000);
    out.printf("  memory per series    %d bytes fixed (key, labels, index entry, ingest ref, own block with its first 8-point chunk) + %d bytes per point%n",
        memory.fixedBytesPerSeries(), SeriesStore.BYTES_PER_POINT);
    out.printf("                       e.g. %d points (1 h at 1 s): %,d bytes per series%n",
        3600, memory.fixedBytesPerSeries() + 3600L * SeriesStore.BYTES_PER_POINT);
    out.flush();
    return new Result(parseOnly, parseStore, endToEnd, endToEndWal, memory.fixedBytesPerSeries(),
        measured.ratioWall().median(), measured.ratioPerCollectorCpu().median(),
        measured.processRatioWall() == null ? Double.NaN : measured.processRatioWall().median());
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
  private Measured inMemory(BatchFrameTemplate template, int threads, long millis, boolean store) throws Exception {
    return inMemory(template, threads, 1000, millis, store, false);
  }

  /**
   * As above; with {@code awaitJit} the measured window starts only once the JIT has gone quiet after the warm-up
   * ({@link JitQuiet}), as the rounds' end-to-end phases do.
   */
  private Measured inMemory(BatchFrameTemplate template, int threads, long warmupMillis, long millis, boolean store,
      boolean awaitJit) throws Exception {
    // Same limits as the end-to-end collector (default config), so both phases store alike.
    CollectorConfig defaults = CollectorConfig.defaults();
    SeriesStore target = new SeriesStore(defaults.retention().toMillis(), defaults.maxMemoryBytes(),
        defaults.maxPointsPerSeries(), System::currentTimeMillis);
    LongAdder samples = new LongAdder();
    AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      // The agents' dictionaries are built before the clock starts (a one-off, like a collector's handshakes: on a
      // starved machine building 80,000 series took longer than warm-up and phase together, and rounds measured 0).
      List<Decoder> decoders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        // the same agents (and so the same number of series) as the end-to-end phase, spread over the threads
        List<BenchAgent> agents = new ArrayList<>();
        for (int i = t; i < Math.max(connections, threads); i += threads) {
          agents.add(new BenchAgent(1000 + i, seriesPerBatch));
        }
        decoders.add(new Decoder(agents));
      }
      System.gc(); // leave the previous phase's garbage out of this one's CPU time
      Window window = new Window();
      for (Decoder decoder : decoders) {
        workers.add(CompletableFuture.runAsync(() -> decoder.loop(template, window, store ? target : null, clock,
            samples), pool));
      }
      Thread.sleep(warmupMillis);
      JitQuiet.Wait jitWait = awaitJit ? new JitQuiet().await() : null;
      window.open(millis);
      PhaseProbe probe = PhaseProbe.start();
      CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0])).get(millis + 30_000, TimeUnit.MILLISECONDS);
      PhaseProbe.Cost cost = probe.stop();
      double perSecond = samples.sum() / cost.wallSeconds();
      double perCpu = samples.sum() / Math.max(1e-9, cost.processCpuSeconds());
      return new Measured(new Rate(perSecond, perCpu), samples.sum() / cost.cpuSecondsWithoutJit(), 0, cost, 0,
          jitWait);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The measured window of an in-memory phase: closed (nothing counted) until opened, then open for its length. */
  private static final class Window {
    private volatile long fromNanos = Long.MAX_VALUE;
    private volatile long untilNanos = Long.MAX_VALUE;

    void open(long millis) {
      long now = System.nanoTime();
      untilNanos = now + TimeUnit.MILLISECONDS.toNanos(millis);
      fromNanos = now;
    }
  }

  /** One parse-only thread's agents, their identities and dictionaries resolved as ingest does at the handshake. */
  private static final class Decoder {
    private final AgentInfo[] infos;
    private final SeriesDictionary[] dictionaries;
    /** One per agent, as ingest has one per connection (arrays reused batch to batch: the store copies). */
    private final ClientFrameParser[] parsers;

    Decoder(List<BenchAgent> agents) {
      int n = agents.size();
      infos = new AgentInfo[n];
      dictionaries = new SeriesDictionary[n];
      parsers = new ClientFrameParser[n];
      for (int a = 0; a < n; a++) {
        parsers[a] = new ClientFrameParser(true);
        infos[a] = IngestHandler.agentInfo(agents.get(a).hello);
        dictionaries[a] = new SeriesDictionary(agents.get(a).definitions.getSeriesCount() + 1);
        dictionaries[a].defineAll(agents.get(a).definitions, infos[a]);
      }
    }

    /** Decodes (and stores, with a store) the agents' frames round-robin until the window has closed. */
    void loop(BatchFrameTemplate template, Window window, SeriesStore store, AtomicLong clock, LongAdder samples) {
      int n = infos.length;
      ByteBuf frame = Unpooled.directBuffer(template.frameBytes());
      long sequence = 0;
      long count = 0;
      while (System.nanoTime() < window.untilNanos) {
        for (int a = 0; a < n; a++) { // round-robin over the agents, like interleaved connections
          frame.clear();
          template.writeTo(frame, ++sequence, clock.incrementAndGet());
          frame.skipBytes(Protocol.LENGTH_PREFIX_BYTES);
          WireBatch batch = (WireBatch) parsers[a].read(frame);
          SeriesRef[] refs = dictionaries[a].resolve(batch);
          if (store != null) {
            store.append(new DecodedBatch(infos[a], batch.sequence(), 0, batch.sampleCount(), refs,
                batch.timestamps(), batch.values(), batch.histograms(), batch.edges(), batch.events()));
          }
          if (System.nanoTime() >= window.fromNanos) {
            count += batch.sampleCount();
          }
        }
      }
      frame.release();
      samples.add(count);
    }
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
   * Runs the in-process collector with the agents of this JVM; measures stored samples after a warm-up of a fifth
   * of {@code --seconds} (at most 2 s). With {@code wal} every batch is appended to a write-ahead log in a temporary
   * directory and acknowledged once fsynced.
   */
  private Detected endToEnd(BatchFrameTemplate template, LiveConfig live, boolean wal) throws Exception {
    long warmup = Math.min(2000, seconds * 200L);
    return endToEnd(template, live, wal, inProcessAgents, warmup, seconds * 1000L - warmup);
  }

  /** Handshake timeout of the bench's collectors: a starved machine took over 10 s (the default) to answer. */
  static final java.time.Duration BENCH_HANDSHAKE_TIMEOUT = java.time.Duration.ofSeconds(60);

  /**
   * A collector on ephemeral loopback ports for a throughput benchmark: neither the per-connection read rate nor the
   * series caps may throttle batches of {@code seriesPerBatch} series, nor a slow handshake on a loaded machine fail
   * the run ({@link #BENCH_HANDSHAKE_TIMEOUT}).
   */
  static CollectorConfig.Builder unthrottledCollector(Path dataDir, int seriesPerBatch) {
    return CollectorConfig.builder()
        .handshakeTimeout(BENCH_HANDSHAKE_TIMEOUT)
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

  /**
   * A fresh collector (empty store, detection as {@code live} says) with {@code agents} streaming to it: waits for
   * the handshakes, lets {@code warmupMillis} pass, then counts the samples stored in {@code measureMillis}.
   */
  private Detected endToEnd(BatchFrameTemplate template, LiveConfig live, boolean wal, StreamingAgents agents,
      long warmupMillis, long measureMillis) throws Exception {
    return endToEnd(template, live, wal, agents, warmupMillis, measureMillis, false);
  }

  /**
   * As above; with {@code awaitJit} (and no WAL) the measured window starts only once the JIT has gone quiet after
   * the set-up ({@link JitQuiet}), as the rounds' parse-only phases do.
   */
  private Detected endToEnd(BatchFrameTemplate template, LiveConfig live, boolean wal, StreamingAgents agents,
      long warmupMillis, long measureMillis, boolean awaitJit) throws Exception {
    Path dataDir = Files.createTempDirectory("faultline-bench");
    CollectorConfig config = unthrottledCollector(dataDir, seriesPerBatch).wal(wal).build();
    try (Collector collector = Collector.start(CollectorSettings.builder(config).live(live).build())) {
      agents.connect(collector.ingestAddress());
      try {
        awaitSetUp(collector, warmupMillis);
        // the rounds' in-memory phases only: the WAL phase is measured as before (its own work, branch wal8)
        JitQuiet.Wait jitWait = awaitJit && !wal ? new JitQuiet().await() : null;
        long startSamples = collector.store().samplesStored();
        DetectionSink detection = collector.live().detection();
        long startDetected = detection == null ? 0 : detection.samplesDetected();
        long startDropped = detection == null ? 0 : detection.droppedBatches();
        long startRefused = detection == null ? 0 : detection.samplesRefused();
        long startAgentsCpu = agents.cpuNanos();
        long startWalBytes = walBytesWritten(collector);
        ThreadCpuSplit split = ThreadCpuSplit.start();
        PhaseProbe probe = PhaseProbe.start();
        Thread.sleep(measureMillis);
        long stored = collector.store().samplesStored() - startSamples;
        long walBytes = walBytesWritten(collector) - startWalBytes;
        PhaseProbe.Cost cost = probe.stop();
        ThreadCpuSplit.Ticks threadTicks = split.stop();
        double agentsCpu = (agents.cpuNanos() - startAgentsCpu) / 1e9;
        double elapsed = cost.wallSeconds();
        long detected = detection == null ? 0 : detection.samplesDetected() - startDetected;
        long dropped = detection == null ? 0 : detection.droppedBatches() - startDropped;
        long refused = detection == null ? 0 : detection.samplesRefused() - startRefused;
        double processCpu = Math.max(1e-9, cost.processCpuSeconds());
        // the agents' CPU is inside this JVM's only when they run here; a child's is its own process's
        double collectorCpu = Math.max(1e-9,
            cost.cpuSecondsWithoutJit() - (agents instanceof InProcessAgents ? agentsCpu : 0));
        Measured measured = new Measured(new Rate(stored / elapsed, stored / processCpu), stored / collectorCpu,
            agentsCpu / elapsed, cost, walBytes / elapsed, jitWait);
        return new Detected(measured, detected / elapsed, dropped, refused, threadTicks);
      } finally {
        agents.stop();
      }
    } finally {
      deleteQuietly(dataDir);
    }
  }

  /** Bytes the collector's write-ahead log has written (records and their framing); 0 without one. */
  private static long walBytesWritten(Collector collector) {
    dev.faultline.collector.wal.WalStats stats = collector.walStats();
    return stats == null ? 0 : stats.bytesWritten();
  }

  /** Longest wait for a fresh collector's set-up ({@link #awaitSetUp}). */
  static final long MAX_SET_UP_MILLIS = 30_000;

  /**
   * Waits {@code warmupMillis}, and longer if need be until the collector has stored as many samples as three batches per connection:
   * by then every series exists, its store block is formed (the first sighting of a batch's series goes sample by
   * sample, the second makes the block that later batches are copied into whole) and the definitions are resolved.
   * That set-up is a one-off cost per fresh collector; on a starved machine a fixed warm-up did not cover it and it
   * leaked into the measured window (JFR at load 40-80: series creation and first-sighting appends were a third of
   * the ingest threads' samples).
   */
  private void awaitSetUp(Collector collector, long warmupMillis) throws InterruptedException {
    long start = System.nanoTime();
    Thread.sleep(warmupMillis);
    long needed = 3L * connections * seriesPerBatch;
    while (collector.store().samplesStored() < needed
        && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(MAX_SET_UP_MILLIS)) {
      Thread.sleep(50);
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
  private record Detected(Measured measured, double detectedPerSecond, long droppedBatches, long refused,
      ThreadCpuSplit.Ticks threadTicks) {
    Rate rate() {
      return measured.rate();
    }
  }

  /**
   * One measured phase: its rate, samples per CPU-second of the collector alone (the JVM's CPU less its JIT compiler
   * threads' and, when the agents run in it, less the agents' threads'; parse-only: the JVM's CPU less JIT), the
   * agents' CPU in cores, and the phase's circumstances.
   */
  record Measured(Rate rate, double perCollectorCpuSecond, double agentsCores, PhaseProbe.Cost cost,
      double walBytesPerSecond, JitQuiet.Wait jitWait) {

    /** A phase measured without waiting for the JIT ({@code jitWait} null). */
    Measured(Rate rate, double perCollectorCpuSecond, double agentsCores, PhaseProbe.Cost cost,
        double walBytesPerSecond) {
      this(rate, perCollectorCpuSecond, agentsCores, cost, walBytesPerSecond, null);
    }

    /** A phase without a write-ahead log. */
    Measured(Rate rate, double perCollectorCpuSecond, double agentsCores, PhaseProbe.Cost cost) {
      this(rate, perCollectorCpuSecond, agentsCores, cost, 0);
    }

    /** Samples the phase counted. */
    double samples() {
      return rate.perSecond() * cost.wallSeconds();
    }

    /** This JVM's user-mode CPU per counted sample, in nanoseconds (NaN if none was counted). */
    double userNanosPerSample() {
      return samples() > 0 ? cost.userSeconds() * 1e9 / samples() : Double.NaN;
    }

    /** This JVM's kernel-mode CPU per counted sample, in nanoseconds (NaN if none was counted). */
    double systemNanosPerSample() {
      return samples() > 0 ? cost.systemSeconds() * 1e9 / samples() : Double.NaN;
    }

    /** Heap bytes this JVM allocated per sample (the in-JVM agents' threads left out); NaN without samples. */
    double bytesPerSample() {
      return samples() > 0 ? cost.allocatedBytes() / samples() : Double.NaN;
    }

    /** Nanoseconds of collector CPU (JIT and the in-JVM agents' threads left out) per sample. */
    double collectorCpuNanosPerSample() {
      return perCollectorCpuSecond > 0 ? 1e9 / perCollectorCpuSecond : Double.NaN;
    }
  }

  /**
   * Benchmark figures of each phase (parse-only and end to end: the rounds' medians) and the fixed bytes per series;
   * the median ratios end to end / parse-only of the rounds: wall, per collector CPU-second, and wall with the agents
   * in a child JVM (NaN without {@code --agents-process}).
   */
  public record Result(Rate parseOnly, Rate inMemoryIngest, Rate endToEnd, Rate endToEndWal,
      long fixedBytesPerSeries, double ratioWall, double ratioPerCollectorCpu, double ratioWallAgentsProcess) {}

  /**
   * Throughput of a phase: samples per wall-clock second, and per second of CPU time this JVM used (which stays
   * meaningful when other processes share the machine).
   */
  public record Rate(double perSecond, double perCpuSecond) {}
}
