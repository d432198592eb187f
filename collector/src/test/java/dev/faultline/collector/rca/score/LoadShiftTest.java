package dev.faultline.collector.rca.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.rca.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LoadShiftTest {
  private static final int N = 40;
  private static final int RAMP = 25;

  /** Ten services: request rate and CPU in proportion to it; from RAMP on the load is 30 % higher. */
  private static Map<SeriesKey, double[]> fleet(Random r, int servicesRamping) {
    Map<SeriesKey, double[]> s = new TreeMap<>();
    for (int k = 0; k < 10; k++) {
      double[] rate = new double[N];
      double[] cpu = new double[N];
      double[] lat = new double[N];
      for (int i = 0; i < N; i++) {
        double load = k < servicesRamping && i >= RAMP ? 1.3 : 1.0;
        rate[i] = 100 * load * (1 + 0.01 * r.nextGaussian());
        cpu[i] = 0.2 * load * (1 + 0.01 * r.nextGaussian());
        lat[i] = 0.05 * (1 + 0.01 * r.nextGaussian());
      }
      s.put(new SeriesKey("svc" + k, "request_rate"), rate);
      s.put(new SeriesKey("svc" + k, "cpu_usage_ratio"), cpu);
      s.put(new SeriesKey("svc" + k, "latency_p90_seconds"), lat);
    }
    return s;
  }

  private static double[] discountedAt(Map<SeriesKey, double[]> s, int split, Map<SeriesKey, Double> before) {
    List<SeriesKey> keys = new ArrayList<>(s.keySet());
    List<double[]> values = new ArrayList<>(s.values());
    double[][] strength = StepChangeStart.strength(keys, values, N);
    for (int j = 0; j < keys.size(); j++) {
      before.put(keys.get(j), strength[split][j]);
    }
    return LoadShift.discounted(keys, values, strength)[split];
  }

  private static double at(Map<SeriesKey, double[]> s, double[] row, String service, String metric) {
    return row[new ArrayList<>(s.keySet()).indexOf(new SeriesKey(service, metric))];
  }

  @Test
  void aFleetWideLoadRampExplainsTheRatesAndTheResourcesThatFollowThem() {
    Map<SeriesKey, double[]> s = fleet(new Random(1), 10);
    Map<SeriesKey, Double> before = new TreeMap<>();
    double[] row = discountedAt(s, RAMP, before);
    assertTrue(before.get(new SeriesKey("svc3", "request_rate")) > 0, "the ramp is a step before the discount");
    assertTrue(before.get(new SeriesKey("svc3", "cpu_usage_ratio")) > 0);
    for (double v : row) {
      assertEquals(0, v, 1e-12);
    }
  }

  @Test
  void latencyAndAResourceOutOfProportionToTheLoadKeepTheirStep() {
    Map<SeriesKey, double[]> s = fleet(new Random(2), 10);
    for (int i = RAMP; i < N; i++) {
      s.get(new SeriesKey("svc4", "latency_p90_seconds"))[i] *= 3; // a fault coinciding with the ramp
      s.get(new SeriesKey("svc7", "cpu_usage_ratio"))[i] *= 2.5; // +225 % on +30 % more load
    }
    Map<SeriesKey, Double> before = new TreeMap<>();
    double[] row = discountedAt(s, RAMP, before);
    assertEquals(before.get(new SeriesKey("svc4", "latency_p90_seconds")), at(s, row, "svc4", "latency_p90_seconds"));
    assertTrue(at(s, row, "svc7", "cpu_usage_ratio") > 0);
    assertEquals(0, at(s, row, "svc7", "request_rate"), 1e-12);
  }

  @Test
  void theTrafficOfAFewServicesIsNotALoadShift() {
    Map<SeriesKey, double[]> s = fleet(new Random(3), 3); // 3 of 10: a neighbourhood, e.g. retries or a flood
    Map<SeriesKey, Double> before = new TreeMap<>();
    double[] row = discountedAt(s, RAMP, before);
    assertTrue(at(s, row, "svc1", "request_rate") > 0);
    assertEquals(before.get(new SeriesKey("svc1", "cpu_usage_ratio")), at(s, row, "svc1", "cpu_usage_ratio"));
  }
}
