package dev.faultline.collector.query;

import dev.faultline.collector.model.SeriesKey;
import dev.faultline.collector.store.MemorySeries;
import dev.faultline.collector.store.Registry;
import dev.faultline.collector.store.SeriesStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The store-backed routes: services, hosts, series and query. */
public final class StoreRoutes {

  /** Series per page when {@code limit} is absent. */
  static final int DEFAULT_SERIES_PAGE = 1000;

  /** Default query window when {@code from} is absent. */
  static final long DEFAULT_WINDOW_MILLIS = 15 * 60 * 1000L;

  private final SeriesStore store;

  public StoreRoutes(SeriesStore store) {
    this.store = store;
  }

  /** Registers this class's routes on {@code router}. */
  public Router register(Router router) {
    return router
        .get("/api/v1/services", List.of(), this::services)
        .get("/api/v1/hosts", List.of(), this::hosts)
        .get("/api/v1/series", List.of("service", "host", "metric", "limit", "cursor"), this::series)
        .get("/api/v1/query", List.of("series", "from", "to"), this::query);
  }

  public Object services(ApiRequest request) {
    List<ServiceView> services = new ArrayList<>();
    for (Registry.Service s : store.registry().services()) {
      List<InstanceView> instances = new ArrayList<>();
      for (Registry.Instance i : s.instances()) {
        instances.add(new InstanceView(i.instance(), i.host(), i.pid(), i.agentVersion(), i.runtimeVersion(),
            time(i.lastSeenMillis())));
      }
      services.add(new ServiceView(s.name(), instances));
    }
    return Map.of("services", services);
  }

  public Object hosts(ApiRequest request) {
    List<HostView> hosts = new ArrayList<>();
    for (Registry.Host h : store.registry().hosts()) {
      hosts.add(new HostView(h.host(), time(h.lastSeenMillis()), h.hasHostProbe()));
    }
    return Map.of("hosts", hosts);
  }

  /**
   * {@code ?service=&host=&metric=&limit=&cursor=}: series sorted by id, a page at a time. The cursor is the last
   * id of the previous page, so pages stay consistent while series come and go (none is skipped or repeated).
   */
  public Object series(ApiRequest request) {
    int limit = request.limit(DEFAULT_SERIES_PAGE);
    String after = PageCursor.decode(request.parameter("cursor"));
    String service = request.parameter("service");
    Predicate<SeriesKey> filter = matches(service, SeriesKey::service)
        .and(matches(request.parameter("host"), SeriesKey::host))
        .and(matches(request.parameter("metric"), SeriesKey::metric));
    // one more than the page tells whether a next page exists; an exact service reads only its own index
    List<MemorySeries> page = store.page(service == null || service.endsWith("*") ? null : service, after, filter,
        limit + 1);
    List<SeriesView> result = new ArrayList<>(Math.min(limit, page.size()));
    for (MemorySeries s : page.subList(0, Math.min(limit, page.size()))) {
      MemorySeries.Summary summary = s.summary();
      SeriesKey k = s.key();
      result.add(new SeriesView(k.id(), k.metric(), k.labels(), k.service(), k.instance(), k.host(), s.type(),
          s.unit(), summary.points(), summary.points() == 0 ? null : jsonNumber(summary.lastValue()),
          summary.points() == 0 ? null : time(summary.lastTimestampMillis())));
    }
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("series", result);
    body.put("next_cursor", page.size() > limit ? PageCursor.encode(result.get(limit - 1).id()) : null);
    return body;
  }

  public Object query(ApiRequest request) {
    String id = request.requiredParameter("series");
    long to = request.time("to", request.nowMillis());
    long from = request.time("from", to - DEFAULT_WINDOW_MILLIS);
    if (from > to) {
      throw ApiException.badParameter("from", "'from' is after 'to'");
    }
    MemorySeries series = store.get(id);
    if (series == null) {
      throw ApiException.notFound("no series " + id + " (list them with /api/v1/series)", "series");
    }
    MemorySeries.Points points = series.read(from, to);
    List<Object[]> samples = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      samples.add(new Object[] {points.timestamps()[i], jsonNumber(points.values()[i])});
    }
    return new QueryView(id, time(from), time(to), samples);
  }

  /** A filter on one key field: absent matches all; a trailing {@code *} matches a prefix; else exact. */
  private static Predicate<SeriesKey> matches(String wanted, java.util.function.Function<SeriesKey, String> field) {
    if (wanted == null) {
      return k -> true;
    }
    if (wanted.endsWith("*")) {
      String prefix = wanted.substring(0, wanted.length() - 1);
      return k -> field.apply(k).startsWith(prefix);
    }
    return k -> field.apply(k).equals(wanted);
  }

  private static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /** JSON has no NaN or infinity; those become null. */
  private static Double jsonNumber(double v) {
    return Double.isFinite(v) ? v : null;
  }

  record ServiceView(String name, List<InstanceView> instances) {}

  record InstanceView(String instance, String host, long pid, String agentVersion, String runtimeVersion,
      String lastSeen) {}

  record HostView(String host, String lastSeen, boolean hostProbe) {}

  record SeriesView(String id, String metric, Map<String, String> labels, String service, String instance,
      String host, String type, String unit, int points, Double lastValue, String lastTime) {}

  record QueryView(String series, String from, String to, List<Object[]> samples) {}
}
