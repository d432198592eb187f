package dev.faultline.collector.perf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.perf.FeatureKind;
import org.junit.jupiter.api.Test;

class LoadResponseTest {

  @Test
  void utilisationIsExtrapolatedLinearly() {
    double[] rate = {10, 20, 30, 40, 50};
    double[] u = {0.1, 0.2, 0.3, 0.4, 0.5};

    LoadResponse response = LoadResponse.fit(rate, u, FeatureKind.UTILISATION);

    assertEquals(0.75, response.at(75), 1e-9);
    assertTrue(Double.isInfinite(response.capacity()));
  }

  @Test
  void saturatingCalleeLatencyIsFittedAsAHyperbola() {
    // m(r) = 5 / (1 - r/100): the grid holds R = 2 x max rate = 100.
    double[] rate = new double[20];
    double[] m = new double[20];
    for (int i = 0; i < 20; i++) {
      rate[i] = 5 + 45.0 * i / 19;
      m[i] = 5 / (1 - rate[i] / 100);
    }

    LoadResponse response = LoadResponse.fit(rate, m, FeatureKind.QUANTITY);

    assertEquals(100, response.capacity(), 1e-9);
    assertEquals(5 / (1 - 0.75), response.at(75), 1e-6);
  }

  @Test
  void constantRateGivesTheMean() {
    LoadResponse response = LoadResponse.fit(new double[] {5, 5, 5}, new double[] {1, 2, 3}, FeatureKind.QUANTITY);

    assertEquals(2, response.at(50), 1e-12);
  }
}
