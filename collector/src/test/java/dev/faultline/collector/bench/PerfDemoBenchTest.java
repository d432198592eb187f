package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import dev.faultline.collector.perf.HeldOutMape;
import dev.faultline.collector.perf.LatencyQuantile;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.perf.ServicePerfModel;
import dev.faultline.collector.perf.model.LatencyModelFitter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split and scoring of the demo-fleet benchmark, on a synthetic service whose latency rises with its CPU. */
class PerfDemoBenchTest {

  /** One row per second; rate ramps 10 -> 80 over 100 rows, then 20 rows at 120. CPU = rate / 160. */
  private static ServiceHistory ramp() {
    ServiceHistory.Builder b = ServiceHistory.builder("svc", List.of(FeatureSpec.of("cpu", FeatureKind.UTILISATION)));
    for (int i = 0; i < 120; i++) {
      double rate = i < 100 ? 10 + 70 * i / 100.0 : 120;
      double u = rate / 160;
      double wobble = 1 + 0.02 * Math.sin(i);
      double p50 = (2 + 2 * u / (1 - u)) * wobble;
      b.add(1000L * i, rate, new double[] {u}, p50, 3 * p50);
    }
    return b.build();
  }

  @Test
  void splitsRowsByTimestampHalfOpen() {
    ServiceHistory all = ramp();
    ServiceHistory train = PerfDemoBench.between(all, 0, 100_000);
    ServiceHistory held = PerfDemoBench.between(all, 100_000, 200_000);
    assertEquals(100, train.size());
    assertEquals(20, held.size());
    assertEquals(120, held.requestRate(0), 0);
    assertEquals(all.features(), held.features());
  }

  @Test
  void scoresNaiveAsTheLastTrainingValueAndTheQueueingModelBeatsIt() {
    ServiceHistory all = ramp();
    ServiceHistory train = PerfDemoBench.between(all, 0, 100_000);
    ServiceHistory held = PerfDemoBench.between(all, 100_000, 200_000);
    LatencyModelFitter.Config config = LatencyModelFitter.Config.defaults(1);
    ServicePerfModel model = ServicePerfModel.train(train, config, 0, () -> false);

    double[] p99 = HeldOutMape.scores(model, train, held, LatencyQuantile.P99, config);

    double last = train.p99Millis(train.size() - 1);
    double naive = 0;
    for (int i = 0; i < held.size(); i++) {
      naive += Math.abs(held.p99Millis(i) - last) / held.p99Millis(i) * 100 / held.size();
    }
    assertEquals(naive, p99[HeldOutMape.NAIVE], 1e-6);
    assertEquals(HeldOutMape.COLUMNS.size(), p99.length);
    int ridge = HeldOutMape.COLUMNS.indexOf("ridge");
    assertTrue(p99[ridge] < naive / 2, "ridge " + p99[ridge] + " against naive " + naive);
    assertTrue(p99[HeldOutMape.CHOSEN] < naive / 2, "chosen " + p99[HeldOutMape.CHOSEN] + " against naive " + naive);
  }

  /**
   * A caller (checkout) whose latency is its own 5 ms plus its callee's, and the callee queues: its latency is 50 /
   * (1 - rate / 80) ms. Rate ramps 10 -> 48 over 150 rows, then 20 rows at 72 (90% of the callee's capacity); the
   * caller's own CPU stays low.
   */
  private static ServiceHistory callerOfAQueue() {
    ServiceHistory.Builder b = ServiceHistory.builder("checkout", List.of(FeatureSpec.of("cpu",
        FeatureKind.UTILISATION), FeatureSpec.of("callee:payments", FeatureKind.QUANTITY),
        new FeatureSpec("callee:payments:p99", FeatureKind.QUANTITY, "callee:payments")));
    for (int i = 0; i < 170; i++) {
      double rate = i < 150 ? 10 + 38 * i / 150.0 : 72;
      double wobble = 1 + 0.03 * Math.sin(i * 1.7);
      double callee = 50 / (1 - rate / 80) * wobble;
      b.add(1000L * i, rate, new double[] {rate / 1000, callee, 3 * callee}, 5 + callee, 10 + 3 * callee);
    }
    return b.build();
  }

  @Test
  void theCalleeFeatureExplainsACallersRiseFromItsCalleesQueueAndIsNamedTheBottleneck() {
    ServiceHistory all = callerOfAQueue();
    java.util.Map<String, ServiceHistory[]> with = new java.util.LinkedHashMap<>();
    with.put("checkout", new ServiceHistory[] {PerfDemoBench.between(all, 0, 150_000),
        PerfDemoBench.between(all, 150_000, 200_000)});
    ServiceHistory[] without = PerfDemoBench.withoutCallees(with).get("checkout");
    assertEquals(List.of("cpu"), without[0].features().stream().map(FeatureSpec::name).toList());
    assertEquals(with.get("checkout")[1].size(), without[1].size());
    assertEquals(with.get("checkout")[1].featureRow(3)[0], without[1].featureRow(3)[0]);

    LatencyModelFitter.Config config = LatencyModelFitter.Config.defaults(1);
    ServiceHistory[] on = with.get("checkout");
    ServicePerfModel withModel = ServicePerfModel.train(on[0], config, 0, () -> false);
    ServicePerfModel withoutModel = ServicePerfModel.train(without[0], config, 0, () -> false);
    double[] p99On = HeldOutMape.scores(withModel, on[0], on[1], LatencyQuantile.P99, config);
    double[] p99Off = HeldOutMape.scores(withoutModel, without[0], without[1], LatencyQuantile.P99, config);

    assertTrue(p99On[HeldOutMape.CHOSEN] < 0.5 * p99On[HeldOutMape.NAIVE],
        "with the callee's latency the knee is explained: " + p99On[HeldOutMape.CHOSEN] + " vs naive "
            + p99On[HeldOutMape.NAIVE]);
    assertTrue(p99On[HeldOutMape.CHOSEN] < 0.5 * p99Off[HeldOutMape.CHOSEN],
        "without it the caller's own features cannot: " + p99Off[HeldOutMape.CHOSEN]);
    assertEquals("callee:payments", withModel.whatIf(1.5).bottleneck().resource());
  }
}
