package dev.faultline.collector.rca.cli;

import dev.faultline.collector.rca.RcaAnalyzer;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.SeriesKey;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import dev.faultline.collector.rca.score.EvidenceRanker;
import dev.faultline.collector.rca.score.IncidentStartDetector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Bench mode of {@code rca --bench N}: a seeded graph of N services (each calling up to 3 later ones), 20 series
 * per service, 75 one-minute points (60 before the fault), a CPU fault at one service; reports the median wall time
 * and thread CPU time of ranking with a known start (15 runs after 5 warm-up runs; CPU time is shown because a shared
 * host inflates wall time), and of detection + ranking (median of 3 runs).
 */
final class RcaBenchmark {
  private static final int SERIES = 20;
  private static final int POINTS = 75;
  private static final int PRE = 60;
  private static final List<String> METRICS = List.of("request_rate", "error_ratio", "latency_p50_seconds",
      "latency_p90_seconds", "latency_p99_seconds", "client_latency_p90_seconds", "cpu_usage_ratio",
      "memory_usage_ratio", "memory_used_bytes", "disk_read_bytes_per_second", "disk_write_bytes_per_second",
      "network_receive_bytes_per_second", "network_transmit_bytes_per_second", "node_cpu_usage_ratio",
      "gc_pause_seconds", "thread_count", "heap_used_bytes", "queue_depth", "syscall_read", "syscall_write");

  private RcaBenchmark() {}

  static String run(int services) {
    if (services < 2) {
      throw new IllegalArgumentException("--bench needs at least 2 services, was " + services);
    }
    RcaInput in = input(services, 7);
    RcaAnalyzer analyzer = new RcaAnalyzer(new EvidenceRanker(), IncidentStartDetector.withRobustZ());
    String top = "";
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double[] rank = new double[15];
    double[] rankCpu = new double[15];
    double[] full = new double[15];
    for (int i = 0; i < 20; i++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      top = analyzer.analyze(in, in.incidentStartSeconds()).causes().get(0).service();
      long t1 = System.nanoTime();
      long c1 = cpu.getCurrentThreadCpuTime();
      if (i < 5 || i % 5 == 0) {
        analyzer.analyze(in, null);
      }
      long t2 = System.nanoTime();
      if (i >= 5) {
        rank[i - 5] = (t1 - t0) / 1e6;
        rankCpu[i - 5] = (c1 - c0) / 1e6;
        full[i - 5] = i % 5 == 0 ? (t2 - t1) / 1e6 : Double.MAX_VALUE;
      }
    }
    Arrays.sort(rank);
    Arrays.sort(rankCpu);
    Arrays.sort(full);
    return String.format("{\"services\": %d, \"series\": %d, \"points_per_series\": %d, \"edges\": %d,"
        + " \"rank_ms_median\": %.1f, \"rank_cpu_ms_median\": %.1f, \"detect_and_rank_ms_median\": %.1f,"
        + " \"top\": \"%s\", \"injected\": \"%s\"}",
        services, in.series().size(), POINTS, in.topology().edgeCount(), rank[7], rankCpu[7], full[1], top,
        name(services / 2));
  }

  static RcaInput input(int services, long seed) {
    Random r = new Random(seed);
    TopologySnapshot.Builder g = TopologySnapshot.builder();
    for (int i = 0; i < services; i++) {
      g.node(name(i));
      int calls = i == services - 1 ? 0 : 1 + r.nextInt(3);
      for (int k = 0; k < calls; k++) {
        g.call(name(i), name(i + 1 + r.nextInt(Math.min(20, services - i - 1))));
      }
    }
    long[] ts = new long[POINTS];
    for (int k = 0; k < POINTS; k++) {
      ts[k] = 1_700_000_000L + 60L * k;
    }
    Map<SeriesKey, double[]> series = new TreeMap<>();
    int root = services / 2;
    for (int i = 0; i < services; i++) {
      for (int m = 0; m < SERIES; m++) {
        double[] v = new double[POINTS];
        double level = 1 + r.nextDouble() * 10;
        for (int k = 0; k < POINTS; k++) {
          v[k] = level * Math.exp(0.05 * r.nextGaussian());
          if (i == root && k >= PRE && (m == 6 || m == 2)) {
            v[k] *= 3;
          }
        }
        series.put(new SeriesKey(name(i), METRICS.get(m)), v);
      }
    }
    return new RcaInput(ts, 60, series, Map.of(), g.build(), ts[PRE], List.of());
  }

  private static String name(int i) {
    return String.format("svc-%04d", i);
  }
}
