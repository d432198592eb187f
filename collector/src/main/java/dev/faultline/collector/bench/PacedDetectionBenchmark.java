package dev.faultline.collector.bench;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.live.DetectionSink;
import dev.faultline.collector.live.LiveConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code faultline bench --detection --rate N}: ingest with detection at a fixed offered rate, like a fleet whose
 * agents report on a timer, instead of agents sending as fast as acks allow. {@code connections} agents of {@code
 * seriesPerBatch} labelled gauges each send batches on a {@link PacingSchedule} so that together they offer {@code
 * rate} samples per second, against an in-process collector (storage.wal off), first with detection off, then with
 * the default detectors on each of the {@code workers} counts. Per phase it prints samples offered, stored and
 * scored per second, the share scored, detection hand-offs dropped (queue full) and samples refused (beyond
 * detection.max-series), the CPU of the detection threads and of the whole process (in cores), and the ratio to
 * detection off. Each phase warms up for {@link #WARMUP_MILLIS} ms (JIT, every series' detector state) and waits for
 * the detection queues to drain or overflow before {@code seconds} measured.
 */
public final class PacedDetectionBenchmark {

  static final long WARMUP_MILLIS = 3000;
  /** Longest wait after the warm-up for the detection queues to drain, see {@link #drainBacklog}. */
  static final long MAX_DRAIN_MILLIS = 30_000;
  /** Unacknowledged batches per agent. */
  static final int WINDOW = 64;
  /** Value variants each agent cycles through. */
  static final int VARIANTS = 8;
  /** Most batches an agent sends per second: one per shortest pacing tick. */
  static final double MAX_BATCHES_PER_SECOND = 1e6 / RateConnection.MIN_TICK_MICROS;

  private final double rate;
  private final int connections;
  private final int seriesPerBatch;
  private final int seconds;
  private final List<Integer> workers;
  private final PrintWriter out;

  public PacedDetectionBenchmark(double rate, int connections, int seriesPerBatch, int seconds, List<Integer> workers,
      PrintWriter out) {
    double perAgent = PacingSchedule.batchesPerSecond(rate, connections, seriesPerBatch);
    if (!(rate > 0)) {
      throw new IllegalArgumentException("--rate must be > 0, was " + rate);
    }
    if (perAgent > MAX_BATCHES_PER_SECOND) {
      throw new IllegalArgumentException(String.format("--rate %.0f over %d connections x %d series per batch needs"
          + " %.0f batches/s per connection, above %.0f; raise --series-per-batch or --connections", rate,
          connections, seriesPerBatch, perAgent, MAX_BATCHES_PER_SECOND));
    }
    this.rate = rate;
    this.connections = connections;
    this.seriesPerBatch = seriesPerBatch;
    this.seconds = seconds;
    this.workers = List.copyOf(workers);
    this.out = out;
  }

  /** One phase's figures; rates per wall second, CPU in cores (CPU-seconds per second). */
  public record Phase(String name, double offered, double stored, double scored, long droppedHandOffs,
      long refused, long skippedBatches, double detectionCores, double processCores, double loadAverage) {

    double shareScored() {
      return stored == 0 ? 0 : scored / stored;
    }
  }

  public List<Phase> run() throws Exception {
    double perAgent = PacingSchedule.batchesPerSecond(rate, connections, seriesPerBatch);
    out.printf("faultline bench --rate: %,.0f samples/s offered by %d agents x %d series (%,d series), %.1f batches/s"
        + " each; %d s measured after %d s warm-up per phase; %d cores%n", rate, connections, seriesPerBatch,
        connections * seriesPerBatch, perAgent, seconds, WARMUP_MILLIS / 1000,
        Runtime.getRuntime().availableProcessors());
    out.printf("  %-22s %12s %12s %12s %7s %8s %8s %8s %10s %10s %9s %6s%n", "phase", "offered/s", "stored/s",
        "scored/s", "scored", "dropped", "refused", "skipped", "detect CPU", "proc CPU", "on/off", "load");
    out.flush();
    List<Phase> phases = new ArrayList<>();
    Phase off = phase("detection off", LiveConfig.defaults().withQueue(false, 1, 1));
    print(off, off);
    phases.add(off);
    for (int w : workers) {
      LiveConfig live = LiveConfig.defaults();
      Phase on = phase("detection, workers " + w, live.withQueue(true, w, live.queueBatches()));
      print(on, off);
      phases.add(on);
    }
    budget(off, phases.subList(1, phases.size()));
    out.println("  (stored/s: samples ingested; scored: share of them the detectors scored; dropped: batch hand-offs"
        + " to a full detection queue; refused: samples of series beyond detection.max-series; skipped: batches"
        + " the agents could not send on time; CPU in cores; on/off: stored/s and process CPU against detection off;"
        + " load: 1-minute load average at the phase's end)");
    out.flush();
    return phases;
  }

  /**
   * The CPU budget per sample: what ingest (detection off) costs per sample stored and the detectors per sample
   * scored, and the cores that ingesting and scoring every offered sample would take, against the machine's cores.
   */
  private void budget(Phase off, List<Phase> on) {
    double ingestMicros = off.processCores() / off.stored() * 1e6;
    out.printf("  CPU per sample: ingest %.2f µs (process CPU / stored, detection off, bench agents included)", ingestMicros);
    double detectMicros = Double.NaN;
    for (Phase p : on) {
      if (p.scored() > 0) {
        double micros = p.detectionCores() / p.scored() * 1e6;
        detectMicros = Double.isNaN(detectMicros) ? micros : Math.min(detectMicros, micros);
      }
    }
    if (Double.isNaN(detectMicros)) {
      out.println();
    } else {
      out.printf("; detection %.2f µs per sample scored (best phase)%n", detectMicros);
      out.printf("  ingesting and scoring all %,.0f samples/s needs %.2f cores of the %d%n", rate,
          rate * (ingestMicros + detectMicros) / 1e6, Runtime.getRuntime().availableProcessors());
    }
    out.flush();
  }

  private void print(Phase p, Phase off) {
    out.printf("  %-22s %,12.0f %,12.0f %,12.0f %6.1f%% %,8d %,8d %,8d %10.2f %10.2f %4.2f/%4.2f %6.2f%n", p.name(),
        p.offered(), p.stored(), p.scored(), 100 * p.shareScored(), p.droppedHandOffs(), p.refused(),
        p.skippedBatches(), p.detectionCores(), p.processCores(), p.stored() / off.stored(),
        p.processCores() / off.processCores(), p.loadAverage());
    out.flush();
  }

  private Phase phase(String name, LiveConfig live) throws Exception {
    System.gc(); // the previous phase's detector state is garbage now; keep its collection out of this phase
    Path dataDir = Files.createTempDirectory("faultline-bench-rate");
    CollectorConfig config = IngestBenchmark.unthrottledCollector(dataDir, seriesPerBatch).wal(false).build();
    double perAgent = PacingSchedule.batchesPerSecond(rate, connections, seriesPerBatch);
    List<BatchFrameTemplate> variants = new ArrayList<>();
    for (int v = 0; v < VARIANTS; v++) {
      variants.add(BatchFrameTemplate.noisy(seriesPerBatch, 42, v));
    }
    EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    List<RateConnection> agents = new ArrayList<>();
    try (Collector collector = Collector.start(CollectorSettings.builder(config).live(live).build())) {
      long interval = (long) (1e9 / perAgent);
      for (int i = 0; i < connections; i++) {
        // spread over one batch interval, so that the agents' batches do not arrive in lock-step
        RateConnection agent = new RateConnection(new BenchAgent(i, seriesPerBatch), variants,
            new PacingSchedule(perAgent, Math.max(1, (long) perAgent)), interval * i / connections, WINDOW);
        agents.add(agent);
        agent.connect(clients, collector.ingestAddress());
      }
      for (RateConnection a : agents) {
        a.handshake.get(10, TimeUnit.SECONDS);
      }
      Thread.sleep(WARMUP_MILLIS);
      DetectionSink detection = collector.live().detection();
      if (detection != null) {
        drainBacklog(detection);
      }
      long sent0 = sent(agents);
      long skipped0 = skipped(agents);
      long stored0 = collector.store().samplesStored();
      long scored0 = detection == null ? 0 : detection.samplesDetected();
      long dropped0 = detection == null ? 0 : detection.droppedBatches();
      long refused0 = detection == null ? 0 : detection.samplesRefused();
      long detectCpu0 = DetectionWorkerBenchmark.detectionCpuNanos();
      long cpu0 = processCpuNanos();
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      double elapsed = (System.nanoTime() - start) / 1e9;
      long sent = (sent(agents) - sent0) * seriesPerBatch;
      long stored = collector.store().samplesStored() - stored0;
      long scored = detection == null ? 0 : detection.samplesDetected() - scored0;
      long dropped = detection == null ? 0 : detection.droppedBatches() - dropped0;
      long refused = detection == null ? 0 : detection.samplesRefused() - refused0;
      double detectCores = (DetectionWorkerBenchmark.detectionCpuNanos() - detectCpu0) / 1e9 / elapsed;
      double processCores = (processCpuNanos() - cpu0) / 1e9 / elapsed;
      long skipped = skipped(agents) - skipped0;
      agents.forEach(RateConnection::stop);
      return new Phase(name, sent / elapsed, stored / elapsed, scored / elapsed, dropped, refused, skipped,
          detectCores, processCores, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      deleteQuietly(dataDir);
    }
  }

  /**
   * Waits (up to {@link #MAX_DRAIN_MILLIS}) until the detection queues are empty once, or drop batches: a backlog of
   * warm-up batches (every series' state is built then) scored during the window would count as more than was
   * stored in it, whereas a queue that overflows is saturated, starts and ends the window full alike.
   */
  private static void drainBacklog(DetectionSink detection) throws InterruptedException {
    long dropped = detection.droppedBatches();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DRAIN_MILLIS);
    while (System.nanoTime() < deadline && detection.droppedBatches() == dropped
        && !detection.awaitIdle(100, TimeUnit.MILLISECONDS)) {
      // keep waiting
    }
  }

  private static long sent(List<RateConnection> agents) {
    return agents.stream().mapToLong(RateConnection::sent).sum();
  }

  private static long skipped(List<RateConnection> agents) {
    return agents.stream().mapToLong(RateConnection::skipped).sum();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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
}
