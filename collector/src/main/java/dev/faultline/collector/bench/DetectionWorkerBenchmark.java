package dev.faultline.collector.bench;

import dev.faultline.collector.live.AnomalyListener;
import dev.faultline.collector.live.DetectionSink;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live detection workers alone, without ingest: {@code agents} agents of {@code seriesPerAgent} labelled gauges
 * each (the default detector set), one sample per series every 10 s of data time with seeded noise, handed to a
 * {@link DetectionSink} with a queue large enough that nothing is dropped. After {@code warmupRounds} rounds (every
 * series has its detectors and is past their warm-up) it measures {@code rounds} rounds: samples per second of
 * wall time and per CPU-second of the {@code faultline-detect-*} threads. Uses only the sink's public API.
 *
 * <pre>{@code
 * Result r = new DetectionWorkerBenchmark(16, 500, 2).run(200, 200);
 * }</pre>
 */
public final class DetectionWorkerBenchmark {

  private static final long STEP_MILLIS = 10_000;
  private static final int VARIANTS = 16;

  private final int agents;
  private final int seriesPerAgent;
  private final int workers;

  public DetectionWorkerBenchmark(int agents, int seriesPerAgent, int workers) {
    this.agents = agents;
    this.seriesPerAgent = seriesPerAgent;
    this.workers = workers;
  }

  /** Samples per wall second and per CPU-second of the detection threads, and anomalies opened. */
  public record Result(double perSecond, double perCpuSecond, long anomalies) {}

  public Result run(int warmupRounds, int rounds) throws InterruptedException {
    SeriesRef[][] refs = new SeriesRef[agents][seriesPerAgent];
    double[][][] values = new double[agents][VARIANTS][seriesPerAgent];
    SplittableRandom random = new SplittableRandom(42);
    for (int a = 0; a < agents; a++) {
      for (int s = 0; s < seriesPerAgent; s++) {
        refs[a][s] = new SeriesRef(SeriesKey.of("bench_value", Map.of("series", Integer.toString(s)), "bench",
            "bench-" + a, "bench-host"), "gauge", "ratio");
        double level = 1 + random.nextDouble() * 1000;
        for (int v = 0; v < VARIANTS; v++) {
          values[a][v][s] = level * (1 + 0.05 * random.nextGaussian());
        }
      }
    }
    AtomicLong opened = new AtomicLong();
    AnomalyListener listener = new AnomalyListener() {
      @Override
      public long opened(SeriesKey series, long timeMillis, double score) {
        return opened.incrementAndGet();
      }

      @Override
      public void closed(long id, long timeMillis, double peakScore) { }
    };
    LiveConfig config = LiveConfig.defaults().withQueue(true, workers, agents * (warmupRounds + rounds) + 1);
    long t0 = 1_795_000_000_000L;
    try (DetectionSink sink = new DetectionSink(config, listener, b -> { }).start()) {
      feed(sink, refs, values, t0, 0, warmupRounds);
      if (!sink.awaitIdle(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("detection warm-up did not finish");
      }
      long cpuBefore = detectionCpuNanos();
      long samplesBefore = sink.samplesDetected();
      long start = System.nanoTime();
      feed(sink, refs, values, t0, warmupRounds, rounds);
      if (!sink.awaitIdle(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("detection did not finish");
      }
      double wall = (System.nanoTime() - start) / 1e9;
      double cpu = (detectionCpuNanos() - cpuBefore) / 1e9;
      long samples = sink.samplesDetected() - samplesBefore;
      return new Result(samples / wall, samples / cpu, opened.get());
    }
  }

  private void feed(DetectionSink sink, SeriesRef[][] refs, double[][][] values, long t0, int from, int count) {
    for (int r = from; r < from + count; r++) {
      long ts = t0 + r * STEP_MILLIS;
      for (int a = 0; a < agents; a++) {
        long[] timestamps = new long[seriesPerAgent];
        java.util.Arrays.fill(timestamps, ts);
        AgentInfo agent = new AgentInfo("bench-agent-" + a, "bench", "bench-" + a, "bench-host", 1, "jvm", "17",
            "bench", 0);
        sink.accept(new DecodedBatch(agent, r + 1, 0, seriesPerAgent, refs[a], timestamps,
            values[a][(r * 7 + a) % VARIANTS], List.of(), List.of(), List.of()));
      }
    }
  }

  /** CPU time of this JVM's {@code faultline-detect-*} threads (live ones). */
  static long detectionCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("faultline-detect-")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }
}
