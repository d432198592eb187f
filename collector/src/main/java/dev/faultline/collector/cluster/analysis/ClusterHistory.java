package dev.faultline.collector.cluster.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.live.rca.RcaConfig;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.DecodedBatch;
import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.model.SeriesRef;
import dev.faultline.collector.store.SeriesStore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * The history the root-cause step analyses, fetched from the analyzers that hold it: the unlabelled series of the
 * incident's services, of their call-graph neighbours up to two hops ({@code rca.max-services} at most) and of their
 * hosts, over the baseline before the incident and since, through this node's own query port (which routes each
 * series to its owner, see {@link ClusterSeriesRoutes}). The result is a throwaway {@link SeriesStore} that {@link
 * dev.faultline.collector.live.rca.LiveRootCause} reads as it reads a single node's.
 */
final class ClusterHistory implements Function<Incident, SeriesStore> {

  private static final Logger log = Logger.getLogger(ClusterHistory.class.getName());
  private static final int HOPS = 2;

  private final String host;
  private final IntSupplier port;
  private final ClusterView view;
  private final RcaConfig config;
  private final AnalyzerClient client;

  /**
   * @param port this node's query port (known once bound)
   * @param hop how to ask it (HTTPS, the internal token)
   */
  ClusterHistory(String host, IntSupplier port, ClusterView view, RcaConfig config,
      dev.faultline.collector.cluster.InternalHop hop) {
    this.client = new AnalyzerClient(hop, java.time.Duration.ofSeconds(20));
    this.host = host;
    this.port = port;
    this.view = view;
    this.config = config;
  }

  @Override
  public SeriesStore apply(Incident incident) {
    SeriesStore store = new SeriesStore(Long.MAX_VALUE / 4, 1L << 28, 100_000, System::currentTimeMillis);
    Set<String> services = neighbourhood(incident, view.edges().edges(), config.maxServices());
    Set<String> hosts = new LinkedHashSet<>(incident.hosts());
    Map<String, String> hostOf = view.hostOfService();
    services.forEach(s -> {
      if (hostOf.containsKey(s)) {
        hosts.add(hostOf.get(s));
      }
    });
    String from = seconds(incident.openedAtMillis() - config.baseline().toMillis() - 600_000);
    String to = seconds(System.currentTimeMillis() + 60_000);
    int series = 0;
    try {
      for (String s : services) {
        series += fetch(store, Map.of("service", s), from, to, false);
      }
      for (String h : hosts) {
        series += fetch(store, Map.of("host", h, "metric", "host_*"), from, to, true);
      }
    } catch (IOException e) {
      log.warning("cannot fetch the history of " + incident.id() + " from the analyzers: " + e.getMessage());
    }
    int n = series;
    log.fine(() -> "fetched " + n + " series of " + services.size() + " services for " + incident.id());
    return store;
  }

  /** Fetches the matching series (unlabelled ones; host metrics only when {@code hostMetrics}); returns how many. */
  private int fetch(SeriesStore store, Map<String, String> filter, String from, String to, boolean hostMetrics)
      throws IOException {
    Map<String, String> params = new TreeMap<>(filter);
    params.put("limit", "10000");
    AnalyzerClient.Answer list = client.get(host, port.getAsInt(), "/api/v1/series", params);
    if (list.status() != 200 || list.body() == null) {
      throw new IOException("series listing answered " + list.status());
    }
    int n = 0;
    for (JsonNode s : list.body().path("series")) {
      boolean hostMetric = s.path("service").asText().isEmpty();
      if (s.path("labels").size() > 0 || hostMetric != hostMetrics) {
        continue;
      }
      AnalyzerClient.Answer q = client.get(host, port.getAsInt(), "/api/v1/query",
          Map.of("series", s.path("id").asText(), "from", from, "to", to));
      if (q.status() == 200 && q.body() != null) {
        append(store, s, q.body().path("samples"));
        n++;
      }
    }
    return n;
  }

  private static void append(SeriesStore store, JsonNode s, JsonNode samples) {
    int size = samples.size();
    if (size == 0) {
      return;
    }
    SeriesKey key = SeriesKey.of(s.path("metric").asText(), Map.of(), s.path("service").asText(),
        s.path("instance").asText(), s.path("host").asText());
    SeriesRef ref = new SeriesRef(key, s.path("type").asText(), s.path("unit").asText());
    SeriesRef[] refs = new SeriesRef[size];
    long[] ts = new long[size];
    double[] vs = new double[size];
    int i = 0;
    for (Iterator<JsonNode> it = samples.elements(); it.hasNext(); i++) {
      JsonNode p = it.next();
      refs[i] = ref;
      ts[i] = p.get(0).asLong();
      vs[i] = p.get(1).isNull() ? Double.NaN : p.get(1).asDouble();
    }
    AgentInfo agent = new AgentInfo("", key.service(), key.instance(), key.host(), 0, "", "", "", 0);
    store.append(new DecodedBatch(agent, 0, 0, size, refs, ts, vs, List.of(), List.of(), List.of()));
  }

  /** The incident's services, then breadth first over call edges (both ways). */
  static Set<String> neighbourhood(Incident incident, List<EdgeTable.Edge> edges, int max) {
    Map<String, Set<String>> adjacent = new TreeMap<>();
    for (EdgeTable.Edge e : edges) {
      adjacent.computeIfAbsent(e.caller(), k -> new LinkedHashSet<>()).add(e.callee());
      adjacent.computeIfAbsent(e.callee(), k -> new LinkedHashSet<>()).add(e.caller());
    }
    Set<String> out = new LinkedHashSet<>(incident.services());
    Deque<String> frontier = new ArrayDeque<>(out);
    for (int hop = 0; hop < HOPS && !frontier.isEmpty(); hop++) {
      Deque<String> next = new ArrayDeque<>();
      for (String s : frontier) {
        for (String n : adjacent.getOrDefault(s, Set.of())) {
          if (out.size() < max && out.add(n)) {
            next.add(n);
          }
        }
      }
      frontier = next;
    }
    return out;
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.3f", millis / 1000.0);
  }
}
