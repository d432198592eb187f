package dev.faultline.collector.perf.live;

import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.perf.FeatureKind;
import dev.faultline.collector.perf.FeatureSpec;
import dev.faultline.collector.perf.HistorySource;
import dev.faultline.collector.perf.ServiceHistory;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.store.Registry;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.common.MetricNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A {@link HistorySource} over the series store: one row per reporting interval of a service, from its
 * service-level series (those without an {@code endpoint} label), summed or averaged over its instances.
 *
 * <pre>
 * row input          from                       over instances
 * request rate       request_rate               sum
 * p50, p99 (ms)      latency_p50/p99_seconds    mean (p50), worst instance (p99)
 * feature cpu        cpu_usage_ratio            mean   UTILISATION, resource cpu
 * feature heap       memory_usage_ratio         mean   OCCUPANCY,   resource gc
 * feature gcTime     jvm_gc_time_ratio          mean   QUANTITY,    resource gc
 * feature threads    thread_pool_busy_ratio     mean   UTILISATION, resource threads (busiest bounded pool)
 * feature callee:S   client_latency_p50_seconds mean   QUANTITY (ms), resource callee:S  } per called service S
 * feature callee:S:p99 client_latency_p99_seconds mean QUANTITY (ms), resource callee:S  } (label callee=S)
 * </pre>
 *
 * <p>The callee features are the latency of this service's calls to another service as its agent measured them
 * (the callee's queue plus the network), so that a caller's latency rise that comes from a callee's queue is
 * explained by a feature, and the bottleneck can name the callee: at most {@link #MAX_CALLEES} callees, those with
 * the most calls in the window; callees reported in fewer than half the rows are left out like any feature.
 *
 * Rows are buckets of the service's reporting interval (the median spacing of its request-rate points). A feature
 * is used only when it has a value in at least half of the rows; a missing value is carried forward from the
 * previous row, up to {@link #MAX_CARRY_ROWS}; a row still missing a value is a gap. Reads only: runs on the trainer
 * thread, never on ingest threads. Thread-safe (the store's reads are).
 */
public final class StoreHistorySource implements HistorySource {

  /** A missing feature value is carried forward at most this many rows. */
  static final int MAX_CARRY_ROWS = 3;

  private static final String CALLEE_LABEL = "callee";
  private static final Set<String> CLIENT_METRICS = Set.of(MetricNames.CLIENT_CALL_RATE,
      MetricNames.CLIENT_LATENCY_P50_SECONDS, MetricNames.CLIENT_LATENCY_P99_SECONDS);

  private static final List<Feature> FEATURES = List.of(
      new Feature(FeatureSpec.of("cpu", FeatureKind.UTILISATION), MetricNames.CPU_USAGE_RATIO),
      new Feature(new FeatureSpec("heap", FeatureKind.OCCUPANCY, "gc"), MetricNames.MEMORY_USAGE_RATIO),
      new Feature(new FeatureSpec("gcTime", FeatureKind.QUANTITY, "gc"), MetricNames.JVM_GC_TIME_RATIO),
      new Feature(FeatureSpec.of("threads", FeatureKind.UTILISATION), MetricNames.THREAD_POOL_BUSY_RATIO));

  /** At most this many called services become features (two each), those with the most calls. */
  static final int MAX_CALLEES = 3;

  /** The prefix of callee-latency feature names and resources, {@code callee:payments}. */
  public static final String CALLEE_PREFIX = "callee:";

  private final SeriesStore store;
  private final Duration window;
  private final LongSupplier clock;

  /**
   * @param store the series store
   * @param window how far back to read (the store's retention bounds it anyway)
   * @param clock epoch milliseconds
   */
  public StoreHistorySource(SeriesStore store, Duration window, LongSupplier clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.window = Objects.requireNonNull(window, "window");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Set<String> services() {
    Set<String> names = new LinkedHashSet<>();
    for (Registry.Service s : store.registry().services()) {
      names.add(s.name());
    }
    return names;
  }

  @Override
  public Optional<ServiceHistory> history(String service) {
    long to = clock.getAsLong();
    long from = to - window.toMillis();
    Map<String, List<MemorySeries.Points>> byMetric = new HashMap<>();
    Map<String, Map<String, List<MemorySeries.Points>>> byCallee = new TreeMap<>();
    for (MemorySeries s : store.list(k -> service.equals(k.service()) && !k.labels().containsKey("endpoint"))) {
      String callee = s.key().labels().get(CALLEE_LABEL);
      if (CLIENT_METRICS.contains(s.key().metric()) && callee != null) {
        byCallee.computeIfAbsent(callee, c -> new HashMap<>())
            .computeIfAbsent(s.key().metric(), m -> new ArrayList<>()).add(s.read(from, to));
      } else {
        byMetric.computeIfAbsent(s.key().metric(), m -> new ArrayList<>()).add(s.read(from, to));
      }
    }
    List<MemorySeries.Points> rates = byMetric.getOrDefault(MetricNames.REQUEST_RATE, List.of());
    long step = medianStep(rates);
    if (step <= 0) {
      return Optional.empty();
    }
    TreeMap<Long, double[]> rate = bucket(rates, step, true);
    TreeMap<Long, double[]> p50 = bucket(byMetric.getOrDefault(MetricNames.LATENCY_P50_SECONDS, List.of()), step, false);
    TreeMap<Long, double[]> p99 = bucket(byMetric.getOrDefault(MetricNames.LATENCY_P99_SECONDS, List.of()), step, false);
    List<FeatureSpec> specs = new ArrayList<>();
    List<TreeMap<Long, double[]>> columns = new ArrayList<>();
    for (Feature f : FEATURES) {
      TreeMap<Long, double[]> column = bucket(byMetric.getOrDefault(f.metric, List.of()), step, false);
      if (column.size() * 2 >= rate.size() && !column.isEmpty()) {
        specs.add(f.spec);
        columns.add(column);
      }
    }
    addCallees(byCallee, step, rate.size(), specs, columns);
    ServiceHistory.Builder b = ServiceHistory.builder(service, specs);
    double[] carried = new double[specs.size()];
    int[] carriedRows = new int[specs.size()];
    Arrays.fill(carried, Double.NaN);
    for (Map.Entry<Long, double[]> row : rate.entrySet()) {
      double[] features = new double[specs.size()];
      for (int i = 0; i < features.length; i++) {
        double[] v = columns.get(i).get(row.getKey());
        if (v != null) {
          carried[i] = v[0];
          carriedRows[i] = 0;
        } else if (++carriedRows[i] > MAX_CARRY_ROWS) {
          carried[i] = Double.NaN;
        }
        features[i] = carried[i];
      }
      b.add(row.getKey() * step, row.getValue()[0], features, millis(p50.get(row.getKey()), false),
          millis(p99.get(row.getKey()), true));
    }
    return Optional.of(b.build());
  }

  /**
   * Adds the p50 and p99 features of the {@link #MAX_CALLEES} callees with the most calls (in name order) whose
   * latency is reported in at least half of the {@code rows}.
   */
  private static void addCallees(Map<String, Map<String, List<MemorySeries.Points>>> byCallee, long step, int rows,
      List<FeatureSpec> specs, List<TreeMap<Long, double[]>> columns) {
    Map<String, Double> calls = new TreeMap<>();
    byCallee.forEach((callee, metrics) -> calls.put(callee, totalValue(metrics.get(MetricNames.CLIENT_CALL_RATE))));
    List<String> chosen = new ArrayList<>();
    for (Map.Entry<String, Double> c : calls.entrySet()) {
      Map<String, List<MemorySeries.Points>> metrics = byCallee.get(c.getKey());
      TreeMap<Long, double[]> p50 = bucket(metrics.getOrDefault(MetricNames.CLIENT_LATENCY_P50_SECONDS, List.of()),
          step, false);
      if (!p50.isEmpty() && p50.size() * 2 >= rows) {
        chosen.add(c.getKey());
      }
    }
    chosen.sort(Comparator.comparingDouble((String c) -> -calls.get(c)).thenComparing(c -> c));
    List<String> kept = new ArrayList<>(chosen.subList(0, Math.min(MAX_CALLEES, chosen.size())));
    kept.sort(null);
    for (String callee : kept) {
      Map<String, List<MemorySeries.Points>> metrics = byCallee.get(callee);
      String resource = CALLEE_PREFIX + callee;
      specs.add(new FeatureSpec(resource, FeatureKind.QUANTITY, resource));
      columns.add(millisColumn(bucket(metrics.get(MetricNames.CLIENT_LATENCY_P50_SECONDS), step, false)));
      specs.add(new FeatureSpec(resource + ":p99", FeatureKind.QUANTITY, resource));
      columns.add(millisColumn(bucket(metrics.getOrDefault(MetricNames.CLIENT_LATENCY_P99_SECONDS, List.of()), step,
          false)));
    }
  }

  /** The column with its (mean) values converted from seconds to milliseconds. */
  private static TreeMap<Long, double[]> millisColumn(TreeMap<Long, double[]> seconds) {
    seconds.values().forEach(v -> v[0] *= 1000);
    return seconds;
  }

  /** The sum of all finite values of the series (the weight of a callee), 0 without any. */
  private static double totalValue(List<MemorySeries.Points> series) {
    double sum = 0;
    for (MemorySeries.Points p : series == null ? List.<MemorySeries.Points>of() : series) {
      for (int i = 0; i < p.size(); i++) {
        if (Double.isFinite(p.values()[i])) {
          sum += p.values()[i];
        }
      }
    }
    return sum;
  }

  /** p50: mean over instances; p99: the worst instance. NaN (a gap) when absent. */
  private static double millis(double[] bucket, boolean worst) {
    if (bucket == null) {
      return Double.NaN;
    }
    return (worst ? bucket[2] : bucket[0]) * 1000;
  }

  /**
   * Per bucket (timestamp / step): {sum or mean over instances, instances, max over instances}, where each
   * instance contributes the mean of its points in the bucket.
   */
  private static TreeMap<Long, double[]> bucket(List<MemorySeries.Points> series, long step, boolean sum) {
    TreeMap<Long, double[]> total = new TreeMap<>();
    for (MemorySeries.Points p : series) {
      TreeMap<Long, double[]> own = new TreeMap<>(); // bucket -> {sum, count}
      for (int i = 0; i < p.size(); i++) {
        if (Double.isFinite(p.values()[i]) && p.values()[i] >= 0) {
          double[] acc = own.computeIfAbsent(Math.floorDiv(p.timestamps()[i], step), k -> new double[2]);
          acc[0] += p.values()[i];
          acc[1]++;
        }
      }
      own.forEach((k, acc) -> {
        double mean = acc[0] / acc[1];
        double[] t = total.computeIfAbsent(k, x -> new double[] {0, 0, Double.NEGATIVE_INFINITY});
        t[0] += mean;
        t[1]++;
        t[2] = Math.max(t[2], mean);
      });
    }
    if (!sum) {
      total.values().forEach(t -> t[0] /= t[1]);
    }
    return total;
  }

  /** The median spacing of the points of the first series with at least two, or 0. */
  private static long medianStep(List<MemorySeries.Points> series) {
    for (MemorySeries.Points p : series) {
      if (p.size() >= 2) {
        long[] gaps = new long[p.size() - 1];
        for (int i = 1; i < p.size(); i++) {
          gaps[i - 1] = p.timestamps()[i] - p.timestamps()[i - 1];
        }
        Arrays.sort(gaps);
        return gaps[gaps.length / 2];
      }
    }
    return 0;
  }

  /**
   * The spec this source gives the feature named {@code name} (a fixed feature such as {@code heap}), or {@code
   * spec} itself when it is not one of them (callees).
   */
  public static FeatureSpec currentSpec(FeatureSpec spec) {
    return FEATURES.stream().map(Feature::spec).filter(f -> f.name().equals(spec.name())).findFirst().orElse(spec);
  }

  /**
   * Whether {@code feature} is a callee-latency feature ({@code callee:S} or {@code callee:S:p99}), e.g. to train
   * without them for a comparison.
   */
  public static boolean isCalleeFeature(FeatureSpec feature) {
    return feature.name().startsWith(CALLEE_PREFIX);
  }

  private record Feature(FeatureSpec spec, String metric) {}
}
