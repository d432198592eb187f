package dev.faultline.collector.perf.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadTrendTest {

  @Test
  void recoversTheSlopeOfANoisyLineWithOutliers() {
    Random r = new Random(1);
    int n = 1000;
    long[] t = new long[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_700_000_000_000L + i * 10_000L;
      y[i] = 100 + 0.002 * i * 10 + 2 * r.nextGaussian() + (i % 50 == 0 ? 500 : 0);
    }

    LoadTrend trend = LoadTrend.fit(t, y, 2.58);

    assertTrue(trend.exists());
    assertEquals(0.002 / 1000, trend.slopePerMilli(), 0.0002 / 1000);
    assertEquals(100 + 0.02 * (n - 1), trend.valueAt(t[n - 1]), 1.0);
  }

  @Test
  void findsNoTrendInStationaryNoise() {
    Random r = new Random(2);
    long[] t = new long[300];
    double[] y = new double[300];
    for (int i = 0; i < 300; i++) {
      t[i] = i * 10_000L;
      y[i] = 50 + r.nextGaussian();
    }

    assertFalse(LoadTrend.fit(t, y, 2.58).exists());
  }

  @Test
  void tooFewPointsHaveNoTrend() {
    LoadTrend trend = LoadTrend.fit(new long[] {1, 2}, new double[] {1, 5}, 2.58);

    assertFalse(trend.exists());
    assertEquals(0, trend.slopePerMilli());
  }
}
