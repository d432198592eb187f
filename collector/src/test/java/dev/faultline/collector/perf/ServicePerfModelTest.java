package dev.faultline.collector.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.model.ModelKind;
import dev.faultline.collector.perf.sim.SimulatedCase;
import dev.faultline.collector.perf.sim.SimulatedCases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServicePerfModelTest {

  private static ServicePerfModel cpuModel;

  @BeforeAll
  static void train() {
    ServiceHistory h = PerfTestData.history(PerfTestData.cpuBound(), 500, PerfTestData.wandering(200, 1), 2);
    cpuModel = ServicePerfModel.train(h, PerfTestData.FAST, 1234L, () -> false);
  }

  @Test
  void whatIfLatencyIsMonotoneInLoadOnAQueueingCurve() {
    double previous50 = 0;
    double previous99 = 0;
    for (double m = 0.5; m <= 2.0001; m += 0.05) {
      WhatIfResult w = cpuModel.whatIf(m);
      assertTrue(w.p50().value() >= previous50 - 1e-9, "p50 fell at " + m);
      assertTrue(w.p99().value() >= previous99 - 1e-9, "p99 fell at " + m);
      previous50 = w.p50().value();
      previous99 = w.p99().value();
    }
  }

  @Test
  void whatIfAtTheCurrentLoadHasNoIncreaseAndNoBottleneck() {
    WhatIfResult w = cpuModel.whatIf(1.0);

    assertEquals(w.currentP99(), w.p99().value(), 1e-9);
    assertEquals(null, w.bottleneck());
    assertFalse(w.extrapolated());
  }

  @Test
  void bandContainsThePrediction() {
    WhatIfResult w = cpuModel.whatIf(1.5);

    assertTrue(w.p99().low() <= w.p99().value() && w.p99().value() <= w.p99().high(), w.p99().toString());
    assertTrue(w.p50().low() <= w.p50().value() && w.p50().value() <= w.p50().high(), w.p50().toString());
  }

  @Test
  void bandWidensBeyondTheTrainingRange() {
    double inside = cpuModel.whatIf(1.0).p99().high() / cpuModel.whatIf(1.0).p99().low();
    double far = cpuModel.whatIf(3.0).p99().high() / cpuModel.whatIf(3.0).p99().low();

    assertTrue(far > inside, far + " <= " + inside);
  }

  @Test
  void namesTheSaturatingResourceAsTheBottleneck() {
    WhatIfResult cpu = cpuModel.whatIf(1.5);
    ServiceHistory h = PerfTestData.history(PerfTestData.dbBound(), 500, PerfTestData.wandering(150, 3), 4);
    WhatIfResult db = ServicePerfModel.train(h, PerfTestData.FAST, 0L, () -> false).whatIf(1.5);

    assertNotNull(cpu.bottleneck());
    assertEquals("cpu", cpu.bottleneck().resource(), cpu.contributions().toString());
    assertEquals("dbPool", db.bottleneck().resource(), db.contributions().toString());
    assertTrue(cpuModel.whatIf(5).extrapolated());
  }

  @Test
  void contributionsSumToThePredictedP99Change() {
    WhatIfResult w = cpuModel.whatIf(1.7);

    double sum = w.contributions().stream().mapToDouble(Contribution::deltaP99Millis).sum();
    assertEquals(w.p99().value() - w.currentP99(), sum, 1e-6);
    double positiveShares = w.contributions().stream().mapToDouble(Contribution::share).filter(v -> v > 0).sum();
    assertEquals(1.0, positiveShares, 1e-9);
    double maxGrowth = w.contributions().stream().mapToDouble(Contribution::queueGrowth).max().orElseThrow();
    assertEquals(maxGrowth, w.bottleneck().queueGrowth(), 1e-12);
  }

  @Test
  void namesTheResourceNearestSaturationEvenWhenTheModelPredictsAFlatP99() {
    // Latency is pure noise around 20 ms while the CPU utilisation follows the rate up to 60%: no model term earns a
    // rise, but at 1.5x the CPU heads for 90%.
    java.util.Random r = new java.util.Random(5);
    ServiceHistory.Builder b = ServiceHistory.builder("flat", java.util.List.of(
        FeatureSpec.of("cpu", FeatureKind.UTILISATION)));
    for (int i = 0; i < 300; i++) {
      double rate = 40 + 60.0 * i / 299;
      double p50 = 10 * (1 + 0.05 * r.nextGaussian());
      b.add(1000L * i, rate, new double[] {0.006 * rate}, p50, 2 * p50);
    }
    WhatIfResult w = ServicePerfModel.train(b.build(), PerfTestData.FAST, 0L, () -> false).whatIf(1.5);

    assertNotNull(w.bottleneck(), w.toString());
    assertEquals("cpu", w.bottleneck().resource());
    assertEquals(0.9, w.bottleneck().predictedUtilisation(), 0.05);
  }

  @Test
  void namesTheResourceNearestSaturationWhenTheModelSplitsTheRiseElsewhere() {
    // gc-heap-small: heap heads from 60% to 80% while CPU and pools stay below 45%; every resource grows with the
    // rate, and the p99 model puts the whole rise on the connection pool.
    SimulatedCase c = SimulatedCases.standard().stream().filter(s -> s.name().equals("gc-heap-small")).findFirst()
        .orElseThrow();
    WhatIfResult w = ServicePerfModel.train(c.training(), PerfTestData.FAST, 0L, () -> false).whatIf(1.5);

    assertEquals("gc", w.bottleneck().resource(), w.contributions().toString());
    assertEquals("heap", w.bottleneck().feature());
    assertTrue(w.bottleneck().predictedUtilisation() > 0.75, w.bottleneck().toString());
  }

  @Test
  void featureEffectsSplitThePredictionAtBothLoads() {
    WhatIfResult w = cpuModel.whatIf(1.5);

    assertEquals(1 + 6, w.features().size());
    assertEquals(ServicePerfModel.REQUEST_RATE, w.features().get(0).feature());
    FeatureEffect cpu = w.features().stream().filter(f -> f.feature().equals("cpu")).findFirst().orElseThrow();
    assertTrue(cpu.predictedValue() > cpu.currentValue(), cpu.toString());
    assertEquals(cpu.predictedValue(), cpu.predictedUtilisation(), 1e-12);
    assertTrue(cpu.predictedP99Millis() > cpu.currentP99Millis(), cpu.toString());
    // Measured from the zero-load input, the terms' changes add up to the predicted p99 change.
    double change = w.features().stream().mapToDouble(f -> f.predictedP99Millis() - f.currentP99Millis()).sum();
    assertEquals(w.p99().value() - w.currentP99(), change, 1e-6);
  }

  @Test
  void predictsSaturationBeyondFullUtilisation() {
    assertTrue(cpuModel.whatIf(3.0).saturated());
    assertFalse(cpuModel.whatIf(1.2).saturated());
  }

  @Test
  void summaryDescribesTheChosenModels() {
    ModelSummary s = cpuModel.summary();

    assertEquals("svc", s.service());
    assertEquals(1234L, s.trainedAtMillis());
    assertEquals(500, s.trainingRows());
    assertEquals(ModelKind.values().length, s.p99().heldOutMapePercent().size());
    assertTrue(s.p99().heldOutMapePercent().containsKey(s.p99().chosen()));
  }

  @Test
  void rejectsANonPositiveLoadMultiple() {
    ParameterAssert.assertMessage("loadMultiple", () -> cpuModel.whatIf(0));
    assertThrows(IllegalArgumentException.class, () -> cpuModel.whatIf(Double.NaN));
  }
}
