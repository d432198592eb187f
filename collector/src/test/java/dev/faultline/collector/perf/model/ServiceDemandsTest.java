package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceDemandsTest {

  private static final List<FeatureSpec> FEATURES = List.of(FeatureSpec.of("cpu", FeatureKind.UTILISATION),
      FeatureSpec.of("callee:x", FeatureKind.QUANTITY));

  @Test
  void eachUtilisationGetsItsDemandPerRequestOfTheSameResource() {
    ServiceDemands d = ServiceDemands.of(FEATURES, new double[][] {{100, 0.5, 3}, {200, 0.9, 4}});
    assertEquals(new FeatureSpec("cpu:demand", FeatureKind.QUANTITY, "cpu"), d.features().get(2));
    assertArrayEquals(new double[] {200, 0.8, 4, 4.0}, d.extend(new double[] {200, 0.8, 4}), 1e-12);
  }

  @Test
  void aNearZeroRateIsFlooredAtAQuarterOfTheMedianTrainingRate() {
    ServiceDemands d = ServiceDemands.of(FEATURES, new double[][] {{100, 0.5, 3}, {100, 0.5, 3}});
    assertEquals(1000 * 0.5 / 25, d.extend(new double[] {1, 0.5, 3})[3], 1e-9);
  }

  @Test
  void theWrappedModelTakesRawInputsAndGivesADemandsContributionToItsPool() {
    ServiceDemands d = ServiceDemands.of(FEATURES, new double[][] {{100, 0.5, 3}});
    QueueingModel inner = new QueueingModel(0.5, new int[4], 1, new double[] {0, 0, 1, 2});
    RegressionModel m = d.over(inner);
    double[] from = {100, 0.5, 3};
    double[] to = {100, 0.6, 3};
    assertEquals(1 + 3 + 2 * 5, m.predict(from), 1e-9);
    double[] c = m.attribute(from, to);
    assertEquals(3, c.length);
    assertArrayEquals(new double[] {0, 2.0, 0}, c, 1e-9);
  }

  @Test
  void withoutUtilisationsNothingIsAdded() {
    List<FeatureSpec> quantities = List.of(FeatureSpec.of("gcTime", FeatureKind.QUANTITY));
    ServiceDemands d = ServiceDemands.of(quantities, new double[][] {{10, 0.1}});
    assertEquals(quantities, d.features());
    RegressionModel inner = new QueueingModel(0.5, new int[2], 1, new double[] {0, 1});
    assertSame(inner, d.over(inner));
  }
}
