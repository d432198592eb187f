package dev.faultline.collector.testing;

import dev.faultline.collector.Collector;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.PeerKind;
import dev.faultline.proto.v1.SampleGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A latency fault in a back end that spreads up the call chain, fed through the real ingest socket the way agents
 * report: the demo fleet's shape ({@code frontend -> catalog}, {@code frontend -> checkout -> payments}), each
 * service one agent on its own host reporting request rate, error ratio, p50/p99 latency and CPU every
 * {@link #STEP_MILLIS}, and its outgoing call edges. At point {@link #FAULT_AT} payments gets 400 ms slower; checkout
 * waits for it (the same 400 ms), frontend for checkout on part of its requests; catalog is untouched. Seeded noise;
 * the batches go out interleaved, {@link #CHUNK} points per service at a time, so the incident opens and grows while
 * data still arrives, as live.
 */
public final class PropagatingFault {

  public static final int POINTS = 330;
  public static final int FAULT_AT = 300;
  public static final int CHUNK = 15;
  public static final long STEP_MILLIS = 10_000;
  public static final String ROOT_CAUSE = "payments";
  public static final Map<String, List<String>> CALLS = new LinkedHashMap<>();

  static {
    CALLS.put("frontend", List.of("catalog", "checkout"));
    CALLS.put("catalog", List.of());
    CALLS.put("checkout", List.of("payments"));
    CALLS.put("payments", List.of());
  }

  private static final String[] METRICS = {"request_rate", "error_ratio", "latency_p50_seconds",
      "latency_p99_seconds", "cpu_usage_ratio"};

  private PropagatingFault() {}

  /**
   * Feeds the scenario ending at {@code endMillis}, waits for detection and root-cause analysis; returns the time
   * the fault started.
   */
  public static long feed(Collector collector, long endMillis) throws Exception {
    long start = endMillis - (POINTS - 1) * STEP_MILLIS;
    List<TestAgent> agents = new ArrayList<>();
    try {
      for (String service : CALLS.keySet()) {
        TestAgent agent = TestAgent.connect(collector.ingestAddress());
        agents.add(agent);
        agent.handshake(TestFrames.hello("a-" + service, service, service + "-1", "node-" + service));
        agent.send(TestFrames.definitions(METRICS));
      }
      long sequence = 1;
      for (int from = 0; from < POINTS; from += CHUNK, sequence++) {
        int k = 0;
        for (String service : CALLS.keySet()) {
          TestAgent agent = agents.get(k++);
          agent.send(batch(service, start, from, Math.min(POINTS, from + CHUNK), sequence));
          agent.read();
        }
      }
    } finally {
      for (TestAgent a : agents) {
        a.close();
      }
    }
    if (!collector.live().detection().awaitIdle(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("detection did not catch up");
    }
    if (!collector.live().awaitRcaIdle(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("root-cause analysis did not catch up");
    }
    return start + FAULT_AT * STEP_MILLIS;
  }

  private static ClientFrame batch(String service, long start, int from, int to, long sequence) {
    Random noise = new Random(service.hashCode() * 31L + from);
    MetricBatch.Builder b = MetricBatch.newBuilder().setSequence(sequence);
    for (int i = from; i < to; i++) {
      double extra = i < FAULT_AT ? 0 : switch (service) {
        case "payments", "checkout" -> 0.4;
        case "frontend" -> 0.2; // half of its requests go to checkout
        default -> 0;
      };
      double base = switch (service) {
        case "frontend" -> 0.12;
        case "checkout" -> 0.08;
        case "payments" -> 0.04;
        default -> 0.03;
      };
      SampleGroup.Builder g = SampleGroup.newBuilder().setTimestampUnixMs(start + i * STEP_MILLIS);
      double[] values = {
          20 * (1 + 0.03 * noise.nextGaussian()),
          Math.max(0, 0.002 + 0.001 * noise.nextGaussian()),
          (base + extra * 0.9) * (1 + 0.03 * noise.nextGaussian()),
          (2 * base + extra) * (1 + 0.05 * noise.nextGaussian()),
          0.05 * (1 + 0.05 * noise.nextGaussian())};
      for (int id = 0; id < values.length; id++) {
        g.addSeriesIds(id).addValues(values[id]);
      }
      b.addGroups(g);
    }
    long t = start + (to - 1) * STEP_MILLIS;
    for (String callee : CALLS.get(service)) {
      b.addEdges(EdgeStats.newBuilder().setTimestampUnixMs(t).setCaller(service).setCallee(callee)
          .setCalleeKind(PeerKind.PEER_KIND_SERVICE).setCalls(200L * (to - from)).setErrors(0));
    }
    return ClientFrame.newBuilder().setBatch(b).build();
  }
}
