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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The models on a recorded demo ramp (BENCHMARKS.md, "Performance modelling: round 5"): {@code payments}, whose 4
 * workers with a 50 ms mean wait saturate near 80 req/s, trained on a 5 -> 40 req/s ramp and scored at 60 req/s,
 * the rows as the collector's store gave them on the shared machine (run 4 there, load average 22-35).
 */
class DemoRampFixtureTest {

  private static DemoRecording recording() throws Exception {
    return DemoRecording.read(Path.of(DemoRampFixtureTest.class.getResource("/perf/demo-ramp-payments.json").toURI()));
  }

  private static ServiceHistory[] payments() throws Exception {
    return recording().histories().get("payments");
  }

  @Test
  void theWorkerPoolsBusyShareIsAThreadsUtilisationThatRisesWithTheLoad() throws Exception {
    ServiceHistory[] h = payments();
    int threads = h[0].features().stream().map(FeatureSpec::name).toList().indexOf("threads");
    assertTrue(threads >= 0, "threads feature recorded: " + h[0].features());
    assertEquals(FeatureKind.UTILISATION, h[0].features().get(threads).kind());
    assertTrue(meanFeature(h[1], threads) > 1.5 * meanFeature(h[0], threads),
        "held-out pool busier than the training mean");
  }

  @Test
  void theChosenP99ModelIsNoWorseThanNaiveAndNamesThePool() throws Exception {
    DemoRecording recording = recording();
    ServiceHistory[] h = recording.histories().get("payments");
    LatencyModelFitter.Config config = LatencyModelFitter.Config.defaults(42); // as the bench's replay
    ServicePerfModel model = ServicePerfModel.train(h[0], config, recording.splitMillis(), () -> false);
    double[] p99 = HeldOutMape.scores(model, h[0], h[1], LatencyQuantile.P99, config);
    // Rounds 3-4 were 2-4x worse than naive on the old demo; the goal (half of naive) is not met here (BENCHMARKS).
    assertTrue(p99[HeldOutMape.CHOSEN] <= 1.1 * p99[HeldOutMape.NAIVE],
        "chosen " + p99[HeldOutMape.CHOSEN] + " against naive " + p99[HeldOutMape.NAIVE]);
    assertTrue(p99[HeldOutMape.CHOSEN] < p99[HeldOutMape.COLUMNS.indexOf("gbt")], "trees alone do not extrapolate");
    assertEquals("threads", model.whatIf(1.5).bottleneck().resource());
  }

  private static double meanFeature(ServiceHistory h, int feature) {
    double sum = 0;
    for (int i = 0; i < h.size(); i++) {
      sum += h.featureRow(i)[feature];
    }
    return sum / h.size();
  }
}
