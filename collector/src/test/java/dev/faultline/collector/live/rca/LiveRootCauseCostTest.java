package dev.faultline.collector.live.rca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.incident.RootCauseAnalysis;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.proto.v1.EdgeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One live analysis of a large incident: 100 services of 20 series each, 32 minutes at a 2 s reporting step
 * (1.9 M stored points), a fault in the deepest service of a call tree, spread to all of them. Prints the time and
 * its parts (the figures in BENCHMARKS.md; set SERVICES to 200 for the rca.max-services cap) and guards a bound
 * generous enough for a loaded 2-core machine, so that a regression to tens of seconds per run (the start detector
 * over every series and point) shows.
 */
class LiveRootCauseCostTest {

  private static final int SERVICES = 100;
  private static final int POINTS = 960;
  private static final long STEP = 2_000;
  private static final String[] METRICS = {"request_rate", "error_ratio", "latency_p50_seconds", "latency_p90_seconds",
      "latency_p99_seconds", "cpu_usage_ratio", "memory_usage_ratio", "jvm_heap_used_bytes", "jvm_threads_live",
      "jvm_gc_time_ratio", "g10", "g11", "g12", "g13", "g14", "g15", "g16", "g17", "g18", "g19"};

  @Test
  void analysingAHundredServicesTakesUnderASecondOnAQuietMachine() {
    long t0 = 1_795_000_000_000L;
    dev.faultline.collector.store.SeriesStore store =
        new dev.faultline.collector.store.SeriesStore(24 * 3_600_000L, 1L << 31, 100_000, () -> t0);
    EdgeTable edges = new EdgeTable(600_000, 10_000);
    List<EdgeStats> reports = new ArrayList<>();
    Random noise = new Random(1);
    for (int s = 0; s < SERVICES; s++) {
      String service = "svc-" + s;
      if (s > 0) {
        reports.add(EdgeStats.newBuilder().setCaller("svc-" + (s - 1) / 2).setCallee(service).setCalls(10)
            .setTimestampUnixMs(t0).build());
      }
      AgentInfo agent = new AgentInfo("a" + s, service, service + "-1", "node-" + s % 20, 1, "jvm", "17", "0.1", 0);
      int n = POINTS * METRICS.length;
      SeriesRef[] refs = new SeriesRef[n];
      long[] ts = new long[n];
      double[] values = new double[n];
      int k = 0;
      for (String metric : METRICS) {
        SeriesRef ref = new SeriesRef(SeriesKey.of(metric, Map.of(), service, service + "-1", "node-" + s % 20),
            "gauge", "");
        for (int i = 0; i < POINTS; i++) {
          boolean fault = s == SERVICES - 1 && metric.startsWith("latency") && i >= POINTS - 60;
          refs[k] = ref;
          ts[k] = t0 + i * STEP;
          values[k++] = (fault ? 1.0 : 0.1) * (1 + 0.05 * noise.nextGaussian());
        }
      }
      store.append(new DecodedBatch(agent, 1, 0, n, refs, ts, values, List.of(), List.of(), List.of()));
    }
    edges.record(reports, t0);
    String root = "svc-" + (SERVICES - 1);
    long opened = t0 + (POINTS - 58) * STEP;
    List<String> all = new ArrayList<>();
    for (int s = SERVICES - 1; s >= 0; s--) {
      all.add("svc-" + s); // an incident that spread to every service: the whole cap is analysed
    }
    List<Incident.TimelineEntry> timeline = new ArrayList<>();
    for (String s : all) {
      timeline.add(new Incident.TimelineEntry(opened, s, "latency_p99_seconds{service=\"" + s + "\"}",
          "latency_p99_seconds", 0.9, "anomaly_start"));
    }
    Incident incident = new Incident("inc-1", Incident.OPEN, "t", opened, opened, null, all, List.of(),
        List.of("x"), List.of("latency"), List.of(1L), opened, timeline);
    LiveRootCause rca = new LiveRootCause(store, edges, RcaConfig.defaults(), System::currentTimeMillis);
    rca.analyze(incident); // warm-up (class loading, JIT)
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    long start = System.nanoTime();
    long startCpu = cpu.getCurrentThreadCpuTime();
    int runs = 2;
    RootCauseAnalysis r = null;
    for (int i = 0; i < runs; i++) {
      r = rca.analyze(incident);
    }
    long millis = (System.nanoTime() - start) / 1_000_000 / runs;
    long cpuMillis = (cpu.getCurrentThreadCpuTime() - startCpu) / 1_000_000 / runs;
    long buildStart = System.nanoTime();
    long buildCpu = cpu.getCurrentThreadCpuTime();
    dev.faultline.collector.rca.RcaInput input = IncidentHistory.build(incident, store, edges.edges(),
        RcaConfig.defaults(), new java.util.HashMap<>());
    long buildMillis = (System.nanoTime() - buildStart) / 1_000_000;
    buildCpu = (cpu.getCurrentThreadCpuTime() - buildCpu) / 1_000_000;
    long onsetStart = System.nanoTime();
    long onsetCpu = cpu.getCurrentThreadCpuTime();
    dev.faultline.collector.rca.score.IncidentStartDetector.stepChange().detect(
        IncidentHistory.onsetWindow(input, incident, LiveRootCause.ONSET_POINTS, LiveRootCause.ONSET_SERIES));
    long onsetMillis = (System.nanoTime() - onsetStart) / 1_000_000;
    onsetCpu = (cpu.getCurrentThreadCpuTime() - onsetCpu) / 1_000_000;
    long rankStart = System.nanoTime();
    long rankCpu = cpu.getCurrentThreadCpuTime();
    dev.faultline.collector.rca.score.Rankers.create("evidence").rank(input.withIncidentStart(opened / 1000 - 4));
    long rankMillis = (System.nanoTime() - rankStart) / 1_000_000;
    rankCpu = (cpu.getCurrentThreadCpuTime() - rankCpu) / 1_000_000;
    System.out.printf("live RCA: of which %d ms cutting the history (thread CPU %d ms), %d ms finding the start (CPU %d"
        + " ms), %d ms ranking (CPU %d ms); load average %.1f%n", buildMillis, buildCpu, onsetMillis, onsetCpu,
        rankMillis, rankCpu, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage());
    System.out.printf("live RCA: %d ms per analysis, thread CPU %d ms (%d services x %d series x %d points)%n", millis,
        cpuMillis, SERVICES, METRICS.length, POINTS);
    assertEquals(root, r.top().service(), r.ranking().toString());
    assertTrue(millis < 5000, "one analysis took " + millis + " ms");
  }
}
