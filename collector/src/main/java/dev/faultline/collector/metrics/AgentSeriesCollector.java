package dev.faultline.collector.metrics;

import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.store.SeriesStore;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The series received from agents, exposed on {@code /metrics} with their labels ({@code service}, {@code
 * instance}, {@code host} and the series' own), so that an existing Prometheus can scrape them
 * ({@code metrics.agent-series: true}). Each series is exposed with its latest stored value, without a timestamp
 * (Prometheus stamps it with the scrape time); counters keep their counter type.
 *
 * <p>Bounded: at most {@code maxSeries} series per scrape (the rest are counted in {@link #skipped}; which ones
 * are left out is unspecified). Series are visited unsorted: sorting tens of thousands of keys per scrape costs
 * more than the rest. A name that
 * the collector itself already uses (its JVM metrics, {@code faultline_*}) is skipped rather than merged, with one
 * log line: set {@code metrics.agent-series-prefix} to expose those too.
 */
public final class AgentSeriesCollector implements MultiCollector {

  /** Reported with the series, in the same scrape. */
  static final String SKIPPED = "faultline_metrics_agent_series_skipped";

  private static final Logger log = Logger.getLogger(AgentSeriesCollector.class.getName());

  private final SeriesStore store;
  private final String prefix;
  private final int maxSeries;
  private final Set<String> reserved;
  private final AtomicLong skipped = new AtomicLong();
  private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
  // metric and label names repeat across series: sanitise each once (bounded: cleared when it grows large)
  private final Map<String, String> names = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, String> labelNames = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param reserved metric names already exposed by the collector itself
   */
  public AgentSeriesCollector(SeriesStore store, String prefix, int maxSeries, Set<String> reserved) {
    this.store = store;
    this.prefix = prefix;
    this.maxSeries = maxSeries;
    this.reserved = Set.copyOf(reserved);
  }

  /** Series left out of the latest scrape (over the bound, or a name taken by the collector's own metrics). */
  public long skipped() {
    return skipped.get();
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, Family> families = new TreeMap<>();
    long[] left = new long[1];
    int[] taken = new int[1];
    store.forEachSeries(s -> {
      MemorySeries.Summary last = s.summary();
      if (last.points() == 0) {
        return;
      }
      boolean counter = "counter".equals(s.type());
      String name = cached(names, (counter ? "c:" : "g:") + s.key().metric(), k -> exposedName(s.key().metric(), counter));
      if (reserved.contains(name) || taken[0] >= maxSeries) {
        left[0]++;
        if (reserved.contains(name) && warned.add(name)) {
          log.warning(() -> "metrics.agent-series: agent metric " + s.key().metric() + " is not exposed on /metrics"
              + " because the collector's own metric " + name + " has that name; set metrics.agent-series-prefix");
        }
        return;
      }
      Family f = families.computeIfAbsent(name, n -> new Family(n, counter));
      if (f.counter != counter) {
        left[0]++; // the same name reported once as counter, once as gauge: keep the first kind
        return;
      }
      f.points.add(new Point(labels(s.key()), last.lastValue()));
      taken[0]++;
    });
    skipped.set(left[0]);
    List<MetricSnapshot> snapshots = new ArrayList<>();
    families.values().forEach(f -> snapshots.add(f.snapshot()));
    snapshots.add(GaugeSnapshot.builder().name(SKIPPED)
        .help("Agent series left out of this scrape (over metrics.max-agent-series, or a name the collector itself uses)")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(left[0]).build()).build());
    return new MetricSnapshots(snapshots);
  }

  /** The family name: prefixed, sanitised, and without {@code _total} for a counter (the format adds it). */
  String exposedName(String metric, boolean counter) {
    String name = PrometheusNaming.sanitizeMetricName(prefix + metric);
    if (counter && name.endsWith("_total")) {
      name = name.substring(0, name.length() - "_total".length());
    }
    return name;
  }

  private static String cached(Map<String, String> cache, String key, java.util.function.Function<String, String> f) {
    if (cache.size() > 100_000) {
      cache.clear();
    }
    return cache.computeIfAbsent(key, f);
  }

  private Labels labels(SeriesKey key) {
    Map<String, String> all = new TreeMap<>();
    key.labels().forEach((k, v) -> all.put(cached(labelNames, k, PrometheusNaming::sanitizeLabelName), v));
    // identity labels win over a series label of the same name
    if (!key.service().isEmpty()) all.put("service", key.service());
    if (!key.instance().isEmpty()) all.put("instance", key.instance());
    if (!key.host().isEmpty()) all.put("host", key.host());
    return Labels.of(new ArrayList<>(all.keySet()), new ArrayList<>(all.values()));
  }

  private record Point(Labels labels, double value) {}

  private static final class Family {
    final String name;
    final boolean counter;
    final List<Point> points = new ArrayList<>();

    Family(String name, boolean counter) {
      this.name = name;
      this.counter = counter;
    }

    MetricSnapshot snapshot() {
      if (counter) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help("Received from Faultline agents");
        points.forEach(p -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(p.labels)
            .value(p.value).build()));
        return b.build();
      }
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help("Received from Faultline agents");
      points.forEach(p -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(p.labels)
          .value(p.value).build()));
      return b.build();
    }
  }
}
