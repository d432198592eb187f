package dev.faultline.collector.live.rca;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.rca.MetricKind;
import dev.faultline.collector.rca.RcaInput;
import dev.faultline.collector.rca.graph.TopologySnapshot;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.store.Registry;
import dev.faultline.collector.store.SeriesStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cuts the live state around one incident into the input of the offline analyser ({@link RcaInput}, the format the
 * {@code rca --scenario} command reads from CSV files), so that live and offline analysis share every line of the
 * ranking code:
 *
 * <ul>
 *   <li><b>services</b>: the incident's, then their call-graph neighbours up to {@value #HOPS} hops and the services
 *       sharing a host with them (a root cause need not have alerted itself), at most {@code maxServices};
 *   <li><b>series</b>: the service-level series of those services (no extra labels: per-endpoint and per-callee
 *       series would count the same signal several times), one per (service, metric) across instances (request
 *       rate summed, everything else the worst instance); counters become per-second increases; host metrics
 *       count for every service placed on the host; metrics that grow by nature are left out;
 *   <li><b>grid</b>: the agents' reporting step, from {@code baseline} before the incident opened to the newest
 *       sample, but at most {@link #TAIL_MILLIS} after its last anomaly start or end and {@code baseline} after the
 *       opening; each grid point takes the last sample of its step (NaN when none);
 *   <li><b>topology</b>: the call edges of {@link EdgeTable} among those services (databases and external callees
 *       included) and each service's host.
 * </ul>
 * Reads the store under its own locks and copies; never blocks ingest for longer than one series read.
 */
final class IncidentHistory {

  static final int HOPS = 2;
  /**
   * Data kept after an incident's last anomaly start or end: enough to see the change settle, short enough that a
   * later, unrelated fault (another incident) stays out of its analysis.
   */
  static final long TAIL_MILLIS = 120_000;
  /** Grid points at most; beyond it the step is widened. */
  static final int MAX_POINTS = 4000;
  /** Fewer real samples than this and a series says nothing about a baseline. */
  static final int MIN_SAMPLES = 8;
  /**
   * Metrics that change by nature (uptime, high-water marks, fixed sizes): a change in them is no evidence, and
   * {@code latency_seconds} is the histogram behind the latency quantiles.
   */
  static final Set<String> NOT_EVIDENCE = Set.of("process_uptime_seconds", "jvm_threads_peak", "jvm_heap_max_bytes",
      "jvm_classes_loaded", "host_memory_total_bytes", "host_swap_total_bytes", "latency_seconds",
      "faultline_agent_dropped_batches_total", "faultline_agent_collector_switches_total",
      "faultline_agent_buffer_high_water_bytes");

  private IncidentHistory() {}

  /**
   * The input, or null when the store holds too little history of the incident's neighbourhood.
   *
   * @param seriesIds filled with the stored series each (service, metric) of the input was taken from
   */
  static RcaInput build(Incident incident, SeriesStore store, List<EdgeTable.Edge> edges, RcaConfig config,
      Map<dev.faultline.collector.rca.SeriesKey, String> seriesIds) {
    Map<String, String> hostOf = placement(store.registry());
    Set<String> services = neighbourhood(incident, edges, hostOf, config.maxServices());
    Map<dev.faultline.collector.rca.SeriesKey, List<MemorySeries>> sources = sources(store, services, hostOf);
    if (sources.isEmpty()) {
      return null;
    }
    long stepMillis = step(sources.values());
    long to = 0;
    for (List<MemorySeries> list : sources.values()) {
      for (MemorySeries s : list) {
        to = Math.max(to, s.summary().lastTimestampMillis());
      }
    }
    to = Math.min(to, Math.max(incident.openedAtMillis(), incident.lastActivityMillis()) + TAIL_MILLIS);
    to = Math.min(to, incident.openedAtMillis() + config.baseline().toMillis());
    long from = Math.min(incident.openedAtMillis(), to) - config.baseline().toMillis();
    while ((to - from) / stepMillis >= MAX_POINTS) {
      stepMillis *= 2;
    }
    long stepSeconds = Math.max(1, stepMillis / 1000);
    stepMillis = stepSeconds * 1000;
    long first = Math.floorDiv(from, stepMillis) * stepMillis;
    // grid point t stands for the step (t - step, t]: the last one covers the newest sample
    int n = (int) ((-Math.floorDiv(-to, stepMillis) * stepMillis - first) / stepMillis) + 1;
    Map<dev.faultline.collector.rca.SeriesKey, double[]> series = new TreeMap<>();
    int firstWithData = n;
    for (Map.Entry<dev.faultline.collector.rca.SeriesKey, List<MemorySeries>> e : sources.entrySet()) {
      double[] values = aggregate(e.getKey(), e.getValue(), first - stepMillis, stepMillis, n);
      if (samples(values) >= MIN_SAMPLES) {
        series.put(e.getKey(), values);
        seriesIds.put(e.getKey(), e.getValue().get(0).key().id());
        firstWithData = Math.min(firstWithData, firstSample(values));
      }
    }
    if (series.isEmpty() || n - firstWithData < 2) {
      return null;
    }
    int skip = firstWithData; // a baseline reaching back before the first sample starts at the first sample
    series.replaceAll((k, v) -> Arrays.copyOfRange(v, skip, v.length));
    long[] grid = new long[n - skip];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (first + (i + skip) * stepMillis) / 1000;
    }
    TopologySnapshot.Builder topology = TopologySnapshot.builder();
    services.forEach(topology::node);
    for (EdgeTable.Edge e : edges) {
      if (services.contains(e.caller())) {
        topology.call(e.caller(), e.callee());
      }
    }
    hostOf.forEach((service, host) -> {
      if (services.contains(service)) {
        topology.place(service, host);
      }
    });
    return new RcaInput(grid, stepSeconds, series, Map.of(), topology.build(), incident.openedAtMillis() / 1000,
        List.of());
  }

  /**
   * The part of {@code input} the start detector looks at: the series of the incident's own anomalies (its
   * timeline's service and metric, the first {@code maxSeries} to alert; all series when none matches) over at
   * most the last {@code maxPoints} points.
   */
  static RcaInput onsetWindow(RcaInput input, Incident incident, int maxPoints, int maxSeries) {
    Map<dev.faultline.collector.rca.SeriesKey, double[]> series = new TreeMap<>();
    for (Incident.TimelineEntry e : incident.timeline()) {
      dev.faultline.collector.rca.SeriesKey k = new dev.faultline.collector.rca.SeriesKey(e.service(), e.metric());
      if (series.size() < maxSeries && input.series().containsKey(k)) {
        series.put(k, input.series().get(k));
      }
    }
    if (series.isEmpty()) {
      input.series().entrySet().stream().limit(maxSeries).forEach(e -> series.put(e.getKey(), e.getValue()));
    }
    int n = input.timestampsSeconds().length;
    int from = Math.max(0, n - maxPoints);
    series.replaceAll((k, v) -> Arrays.copyOfRange(v, from, n));
    return new RcaInput(Arrays.copyOfRange(input.timestampsSeconds(), from, n), input.stepSeconds(), series, Map.of(),
        input.topology(), input.incidentStartSeconds(), List.of());
  }

  /** Each service's host: the first instance's, by instance id (a node has one host in the analysis). */
  static Map<String, String> placement(Registry registry) {
    Map<String, String> hostOf = new TreeMap<>();
    for (Registry.Service s : registry.services()) {
      for (Registry.Instance i : s.instances()) {
        if (!i.host().isEmpty()) {
          hostOf.putIfAbsent(s.name(), i.host());
        }
      }
    }
    return hostOf;
  }

  /** The incident's services first, then breadth first over call edges (both ways) and shared hosts. */
  static Set<String> neighbourhood(Incident incident, List<EdgeTable.Edge> edges, Map<String, String> hostOf,
      int max) {
    Map<String, Set<String>> adjacent = new TreeMap<>();
    for (EdgeTable.Edge e : edges) {
      adjacent.computeIfAbsent(e.caller(), k -> new TreeSet<>()).add(e.callee());
      adjacent.computeIfAbsent(e.callee(), k -> new TreeSet<>()).add(e.caller());
    }
    Set<String> out = new LinkedHashSet<>();
    for (String h : incident.hosts()) { // a host-only incident: the services placed on its hosts
      hostOf.forEach((service, host) -> {
        if (host.equals(h) && incident.services().isEmpty()) {
          out.add(service);
        }
      });
    }
    out.addAll(incident.services());
    Deque<String> frontier = new ArrayDeque<>(out);
    for (int hop = 0; hop < HOPS && !frontier.isEmpty(); hop++) {
      Deque<String> next = new ArrayDeque<>();
      for (String s : frontier) {
        Set<String> near = new TreeSet<>(adjacent.getOrDefault(s, Set.of()));
        String host = hostOf.get(s);
        hostOf.forEach((other, h) -> {
          if (h.equals(host)) {
            near.add(other);
          }
        });
        for (String n : near) {
          if (out.size() < max && out.add(n)) {
            next.add(n);
          }
        }
      }
      frontier = next;
    }
    List<String> capped = new ArrayList<>(out); // the incident's own services may exceed the cap by themselves
    return new LinkedHashSet<>(capped.subList(0, Math.min(max, capped.size())));
  }

  private static Map<dev.faultline.collector.rca.SeriesKey, List<MemorySeries>> sources(SeriesStore store,
      Set<String> services, Map<String, String> hostOf) {
    Map<String, List<String>> servicesOnHost = new TreeMap<>();
    hostOf.forEach((service, host) -> {
      if (services.contains(service)) {
        servicesOnHost.computeIfAbsent(host, k -> new ArrayList<>()).add(service);
      }
    });
    Map<dev.faultline.collector.rca.SeriesKey, List<MemorySeries>> out = new TreeMap<>();
    for (MemorySeries s : store.list(k -> k.labels().isEmpty() && !NOT_EVIDENCE.contains(k.metric())
        && (services.contains(k.service()) || k.isHostMetric() && servicesOnHost.containsKey(k.host())))) {
      SeriesKey k = s.key();
      List<String> owners = k.isHostMetric() ? servicesOnHost.get(k.host()) : List.of(k.service());
      for (String owner : owners) {
        out.computeIfAbsent(new dev.faultline.collector.rca.SeriesKey(owner, k.metric()), x -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }

  /** The median gap between the recent samples of a few series, in milliseconds (at least one second). */
  static long step(Iterable<List<MemorySeries>> sources) {
    List<Long> gaps = new ArrayList<>();
    int seen = 0;
    for (List<MemorySeries> list : sources) {
      MemorySeries s = list.get(0);
      MemorySeries.Summary sum = s.summary();
      MemorySeries.Points p = s.read(sum.lastTimestampMillis() - 10 * 60_000L, sum.lastTimestampMillis());
      for (int i = Math.max(1, p.size() - 20); i < p.size(); i++) {
        gaps.add(p.timestamps()[i] - p.timestamps()[i - 1]);
      }
      if (++seen >= 50) {
        break;
      }
    }
    if (gaps.isEmpty()) {
      return 10_000;
    }
    gaps.sort(null);
    return Math.max(1000, gaps.get(gaps.size() / 2));
  }

  /** One value per grid point: the last sample of the step ending there, combined across instances. */
  private static double[] aggregate(dev.faultline.collector.rca.SeriesKey key, List<MemorySeries> list,
      long firstStepStart, long stepMillis, int n) {
    boolean sum = MetricKind.of(key.metric()) == MetricKind.TRAFFIC;
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    long end = firstStepStart + (n + 1) * stepMillis;
    for (MemorySeries s : list) {
      MemorySeries.Points p = s.read(firstStepStart - stepMillis, end);
      double[] values = "counter".equals(s.type()) ? perSecond(p) : p.values();
      double[] own = new double[n];
      Arrays.fill(own, Double.NaN);
      for (int i = 0; i < p.size(); i++) {
        // grid point k stands for the step (t_k - step, t_k]
        long k = Math.floorDiv(p.timestamps()[i] - firstStepStart - 1, stepMillis);
        if (k >= 0 && k < n && !Double.isNaN(values[i])) {
          own[(int) k] = values[i];
        }
      }
      for (int k = 0; k < n; k++) {
        if (Double.isNaN(own[k])) {
          continue;
        }
        out[k] = Double.isNaN(out[k]) ? own[k] : sum ? out[k] + own[k] : Math.max(out[k], own[k]);
      }
    }
    return out;
  }

  private static double[] perSecond(MemorySeries.Points p) {
    double[] out = new double[p.size()];
    Arrays.fill(out, Double.NaN);
    for (int i = 1; i < p.size(); i++) {
      long dt = p.timestamps()[i] - p.timestamps()[i - 1];
      double dv = p.values()[i] - p.values()[i - 1];
      if (dt > 0 && dv >= 0) { // a drop is a restart of the counter, not a negative rate
        out[i] = dv * 1000.0 / dt;
      }
    }
    return out;
  }

  private static int firstSample(double[] values) {
    int i = 0;
    while (i < values.length && Double.isNaN(values[i])) {
      i++;
    }
    return i;
  }

  private static int samples(double[] values) {
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        n++;
      }
    }
    return n;
  }
}
