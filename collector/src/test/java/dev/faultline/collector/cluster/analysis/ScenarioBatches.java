package dev.faultline.collector.cluster.analysis;

import dev.faultline.collector.cluster.BatchEnvelope;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.testing.LiveScenario;
import dev.faultline.proto.v1.EdgeStats;
import dev.faultline.proto.v1.PeerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@link LiveScenario}'s data as batches for the analyzer: frontend calls checkout calls payments, each reporting
 * {@code latency_p99_seconds} every 10 s, payments' jumping 8x at point {@link LiveScenario#JUMP_AT}; cut into
 * batches of {@code chunk} points, so that a test can stop and move a partition in the middle.
 */
final class ScenarioBatches {

  static final int POINTS = LiveScenario.POINTS;
  static final int JUMP_AT = LiveScenario.JUMP_AT;
  static final long STEP = LiveScenario.STEP_MILLIS;

  private ScenarioBatches() {}

  static AgentInfo agent(String service) {
    return new AgentInfo("a-" + service, service, service + "-1", "node-" + service, 1, "jvm", "17", "0.1", 0);
  }

  /** Points {@code [from, to)} of {@code service} as one batch (sequence {@code from + 1}). */
  static DecodedBatch batch(String service, long start, int from, int to) {
    SeriesRef ref = new SeriesRef(SeriesKey.of("latency_p99_seconds", Map.of(), service, service + "-1",
        "node-" + service), "gauge", "seconds");
    Random noise = new Random(service.hashCode());
    double[] all = new double[to];
    for (int k = 0; k < to; k++) {
      double level = service.equals("payments") && k >= JUMP_AT ? 1.6 : 0.2;
      all[k] = level * (1 + 0.02 * noise.nextGaussian());
    }
    int n = to - from;
    SeriesRef[] refs = new SeriesRef[n];
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      refs[i] = ref;
      ts[i] = start + (from + i) * STEP;
      vs[i] = all[from + i];
    }
    List<EdgeStats> edges = new ArrayList<>();
    String callee = service.equals("frontend") ? "checkout" : service.equals("checkout") ? "payments" : null;
    if (callee != null && to >= POINTS - 1) {
      for (int k = 0; k < 2; k++) {
        edges.add(EdgeStats.newBuilder().setTimestampUnixMs(start + (POINTS - 2 + k) * STEP).setCaller(service)
            .setCallee(callee).setCalleeKind(PeerKind.PEER_KIND_SERVICE).setCalls(500).setErrors(5).build());
      }
    }
    return new DecodedBatch(agent(service), from + 1, 0, n, refs, ts, vs, List.of(), edges, List.of());
  }

  /** The envelope bytes of {@link #batch}, as a gateway publishes them. */
  static byte[] envelope(String service, long start, int from, int to) {
    return BatchEnvelope.of(batch(service, start, from, to), System.currentTimeMillis()).encode();
  }
}
