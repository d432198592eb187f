package dev.faultline.collector.live;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import java.util.List;
import java.util.Map;

/** Builds decoded batches of one series for detection tests. */
final class Batches {

  private Batches() {}

  static SeriesRef ref(String metric, String service, String host) {
    return new SeriesRef(SeriesKey.of(metric, Map.of(), service, service + "-1", host), "gauge", "");
  }

  /** One sample per timestamp, {@code values.length} samples from {@code startMillis} every {@code stepMillis}. */
  static DecodedBatch batch(SeriesRef ref, long startMillis, long stepMillis, double[] values) {
    int n = values.length;
    SeriesRef[] refs = new SeriesRef[n];
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      refs[i] = ref;
      ts[i] = startMillis + i * stepMillis;
    }
    AgentInfo agent = new AgentInfo("a", ref.key().service(), ref.key().instance(), ref.key().host(), 1, "jvm",
        "17", "0.1", 0);
    return new DecodedBatch(agent, 1, 0, n, refs, ts, values.clone(), List.of(), List.of(), List.of());
  }

  /** {@code steady} points around {@code level} (seeded noise), then {@code jumped} points at {@code level * factor}. */
  static double[] stepSeries(int steady, int jumped, double level, double factor, long seed) {
    java.util.Random r = new java.util.Random(seed);
    double[] v = new double[steady + jumped];
    for (int i = 0; i < v.length; i++) {
      double base = i < steady ? level : level * factor;
      v[i] = base * (1 + 0.02 * r.nextGaussian());
    }
    return v;
  }
}
