package dev.faultline.collector.bench;

import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.SeriesStore;
import java.util.List;
import java.util.Map;

/**
 * Measures the fixed heap cost of a stored series: heap in use after creating {@code n} series with one point
 * each (realistic key: metric, service, instance, host and one label), minus heap before, divided by {@code n}.
 * Approximate (it relies on {@code System.gc()} settling), good to a few percent with 20,000 series.
 */
final class SeriesMemoryProbe {

  private SeriesMemoryProbe() {}

  static Result measure(int n) {
    AgentInfo agent = new AgentInfo("probe", "checkout", "checkout-7f9c4b-x2x9z", "web-17.prod.example.com", 4242,
        "jvm", "17.0.15", "0.1.0", 0);
    SeriesRef[] refs = new SeriesRef[n];
    long before = usedHeap();
    SeriesStore store = new SeriesStore(3_600_000, 1L << 40, 3600, System::currentTimeMillis);
    for (int i = 0; i < n; i++) {
      SeriesKey key = SeriesKey.of("http_server_requests_seconds", Map.of("endpoint", "/api/orders/" + i),
          agent.service(), agent.instance(), agent.host());
      refs[i] = new SeriesRef(key, "gauge", "seconds");
    }
    store.append(new DecodedBatch(agent, 1, 0, n, refs, filled(n, 1L), new double[n], List.of(), List.of(),
        List.of()));
    for (int i = 0; i < n; i++) {
      refs[i].sinkHandle(null); // the per-connection ref is ingest's cost, not the store's; keep only the store
    }
    long after = usedHeap();
    if (store.seriesCount() != n) {
      throw new IllegalStateException("probe stored " + store.seriesCount() + " series, expected " + n);
    }
    long perSeries = (after - before) / n;
    java.lang.ref.Reference.reachabilityFence(store);
    java.lang.ref.Reference.reachabilityFence(refs);
    return new Result(perSeries);
  }

  private static long[] filled(int n, long value) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, value);
    return a;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** @param fixedBytesPerSeries heap per series with its initial 8-point buffer, excluding further points */
  record Result(long fixedBytesPerSeries) {}
}
