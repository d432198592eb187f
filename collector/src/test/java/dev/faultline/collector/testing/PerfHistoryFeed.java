package dev.faultline.collector.testing;

import dev.faultline.collector.Collector;
import dev.faultline.collector.perf.PerfTestData;
import dev.faultline.collector.perf.sim.SimulatedService;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.SampleGroup;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * Enough history for a performance model, fed through the ingest socket: {@value #ROWS} reports 10 s apart ending
 * now, of a simulated CPU-bound service ({@link PerfTestData#cpuBound()}: latency flat, then rising as its CPU
 * saturates) under a load wandering between 30 % and 100 % of 200 requests per second. The agent's metric names
 * carry the simulation: request_rate, latency_p50/p99_seconds, cpu_usage_ratio, memory_usage_ratio (heap) and
 * jvm_gc_time_ratio. Its true bottleneck at higher load is the CPU.
 */
public final class PerfHistoryFeed {

  public static final int ROWS = 300;
  public static final long STEP_MILLIS = 10_000;

  private PerfHistoryFeed() {}

  public static void feed(Collector collector, String service, long endMillis) throws Exception {
    SimulatedService sim = PerfTestData.cpuBound();
    IntToDoubleFunction rate = PerfTestData.wandering(200, 7);
    Random random = new Random(11);
    long start = endMillis - (ROWS - 1) * STEP_MILLIS;
    MetricBatch.Builder b = MetricBatch.newBuilder().setSequence(1);
    for (int i = 0; i < ROWS; i++) {
      double r = rate.applyAsDouble(i);
      SimulatedService.Observation o = sim.observe(r, random);
      double[] f = o.features(); // cpu, dbPool, threads, heap, gcTime, callee
      b.addGroups(SampleGroup.newBuilder().setTimestampUnixMs(start + i * STEP_MILLIS)
          .addSeriesIds(0).addValues(r)
          .addSeriesIds(1).addValues(o.p50Millis() / 1000)
          .addSeriesIds(2).addValues(o.p99Millis() / 1000)
          .addSeriesIds(3).addValues(f[0])
          .addSeriesIds(4).addValues(f[3])
          .addSeriesIds(5).addValues(f[4]));
    }
    try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
      agent.handshake(TestFrames.hello("a-" + service, service, service + "-1", "node-" + service));
      agent.send(TestFrames.definitions("request_rate", "latency_p50_seconds", "latency_p99_seconds",
          "cpu_usage_ratio", "memory_usage_ratio", "jvm_gc_time_ratio"));
      agent.send(ClientFrame.newBuilder().setBatch(b).build());
      agent.read();
    }
  }
}
