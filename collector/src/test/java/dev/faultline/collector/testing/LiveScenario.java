package dev.faultline.collector.testing;

import dev.faultline.collector.Collector;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.MetricBatch;
import dev.faultline.proto.v1.PeerKind;
import dev.faultline.proto.v1.SampleGroup;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A fault scenario fed through the real ingest socket: frontend calls checkout calls payments; each reports
 * {@code latency_p99_seconds} every 10 s for {@link #POINTS} points ending at {@code endMillis}, steady with 2 %
 * seeded noise, until payments' latency jumps 8x at point {@link #JUMP_AT}. Frontend and checkout also report
 * their outgoing call edges. The detectors see the data's timestamps, so the scenario is reproducible.
 */
public final class LiveScenario {

  public static final int POINTS = 330;
  public static final int JUMP_AT = 320;
  public static final long STEP_MILLIS = 10_000;
  public static final List<String> SERVICES = List.of("frontend", "checkout", "payments");

  private LiveScenario() {}

  /**
   * Feeds the scenario and waits until detection and root-cause analysis have processed it; returns the time of the
   * jump.
   */
  public static long feed(Collector collector, long endMillis) throws Exception {
    long start = endMillis - (POINTS - 1) * STEP_MILLIS;
    for (String service : SERVICES) {
      try (TestAgent agent = TestAgent.connect(collector.ingestAddress())) {
        agent.handshake(TestFrames.hello("a-" + service, service, service + "-1", "node-" + service));
        agent.send(TestFrames.definitions("latency_p99_seconds"));
        agent.send(batch(service, start));
        agent.read();
      }
    }
    if (!collector.live().detection().awaitIdle(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("detection did not catch up");
    }
    if (!collector.live().awaitRcaIdle(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("root-cause analysis did not catch up");
    }
    return start + JUMP_AT * STEP_MILLIS;
  }

  private static ClientFrame batch(String service, long start) {
    Random noise = new Random(service.hashCode());
    MetricBatch.Builder b = MetricBatch.newBuilder().setSequence(1);
    for (int i = 0; i < POINTS; i++) {
      double level = service.equals("payments") && i >= JUMP_AT ? 1.6 : 0.2;
      b.addGroups(SampleGroup.newBuilder().setTimestampUnixMs(start + i * STEP_MILLIS).addSeriesIds(0)
          .addValues(level * (1 + 0.02 * noise.nextGaussian())));
    }
    String callee = service.equals("frontend") ? "checkout" : service.equals("checkout") ? "payments" : null;
    if (callee != null) {
      for (int k = 0; k < 2; k++) {
        b.addEdges(EdgeStats.newBuilder().setTimestampUnixMs(start + (POINTS - 2 + k) * STEP_MILLIS)
            .setCaller(service).setCallee(callee).setCalleeKind(PeerKind.PEER_KIND_SERVICE).setCalls(500).setErrors(5));
      }
    }
    return ClientFrame.newBuilder().setBatch(b).build();
  }
}
