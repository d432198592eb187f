package dev.faultline.collector.query;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.live.Anomaly;
import dev.faultline.collector.live.ApiViews;
import dev.faultline.collector.live.AnalysisView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The analysis routes of openapi.json: {@code /api/v1/anomalies}, {@code /api/v1/incidents},
 * {@code /api/v1/incidents/{id}} and {@code /api/v1/topology}, read from an {@link AnalysisView}.
 *
 * <pre>{@code
 * new AnalysisRoutes(live).register(router);
 * }</pre>
 */
public final class AnalysisRoutes {

  static final int DEFAULT_LIMIT = 50;
  /** Anomalies default to a full page: the dashboard and {@code faultline top} read the recent ones in one call. */
  static final int DEFAULT_ANOMALY_LIMIT = 500;

  private final AnalysisView live;

  /** @param live a single node's {@link dev.faultline.collector.live.LiveAnalysis}, or a cluster node's view */
  public AnalysisRoutes(AnalysisView live) {
    this.live = live;
  }

  public Router register(Router router) {
    return router.get("/api/v1/anomalies", List.of("service", "since", "status", "limit", "cursor"), this::anomalies)
        .get("/api/v1/incidents", List.of("status", "limit", "cursor"), this::incidents)
        .get("/api/v1/incidents/{id}", List.of(), this::incident)
        .get("/api/v1/topology", List.of(), req -> live.topology());
  }

  /**
   * {@code ?service=&since=-1h&status=open|all&limit=&cursor=}: anomalies open at some time since {@code since},
   * newest first, a page at a time; ids grow with time, so the cursor (the last id of the previous page) keeps pages
   * consistent while new anomalies arrive.
   */
  Object anomalies(ApiRequest request) {
    String service = request.parameter("service");
    String status = oneOf(request, "status", "all", Set.of("open", "all"));
    long since = request.time("since", request.nowMillis() - 3_600_000L);
    int limit = request.limit(DEFAULT_ANOMALY_LIMIT);
    long before = anomalyCursor(request);
    Predicate<Anomaly> filter = a -> (service == null || service.equals(a.service()))
        && (a.isOpen() || a.endMillis() >= since)
        && (status.equals("all") || a.isOpen())
        && a.id() < before;
    List<Map<String, Object>> result = new ArrayList<>();
    String next = null;
    for (Anomaly a : live.anomalies().list(filter)) {
      if (result.size() == limit) {
        next = PageCursor.encode(String.valueOf(result.get(limit - 1).get("id")));
        break;
      }
      result.add(ApiViews.anomaly(a));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("anomalies", result);
    body.put("next_cursor", next);
    return body;
  }

  private static long anomalyCursor(ApiRequest request) {
    String text = PageCursor.decode(request.parameter("cursor"));
    if (text == null) {
      return Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw PageCursor.invalid(request.parameter("cursor"));
    }
  }

  /** {@code ?status=open|resolved|all&limit=&cursor=}: newest first, paged by an opaque cursor. */
  Object incidents(ApiRequest request) {
    String status = oneOf(request, "status", "open", Set.of("open", "resolved", "all"));
    int limit = request.limit(DEFAULT_LIMIT);
    String cursor = request.parameter("cursor");
    Cursor after = cursor == null ? null : Cursor.parse(cursor);
    Predicate<Incident> filter = i -> status.equals("all") || status.equals(i.status());
    List<Incident> matching = live.incidents().list(filter);
    List<Map<String, Object>> page = new ArrayList<>();
    String next = null;
    for (Incident i : matching) {
      if (after != null && !after.before(i)) {
        continue;
      }
      if (page.size() == limit) {
        Incident last = matchingLast(matching, page);
        next = last.openedAtMillis() + "." + last.id();
        break;
      }
      page.add(ApiViews.incident(i));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("incidents", page);
    body.put("next_cursor", next);
    return body;
  }

  private static Incident matchingLast(List<Incident> matching, List<Map<String, Object>> page) {
    String id = (String) page.get(page.size() - 1).get("id");
    return matching.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  /** {@code /api/v1/incidents/{id}}: the detail, or 404 naming the id. */
  Object incident(ApiRequest request) {
    String id = request.pathParameter("id");
    Incident i = live.incidents().get(id);
    if (i == null) {
      throw ApiException.notFound("no incident '" + id + "'", "id");
    }
    return ApiViews.incidentDetail(i);
  }

  private static String oneOf(ApiRequest request, String name, String dflt, Set<String> allowed) {
    String v = request.parameter(name);
    if (v == null) {
      return dflt;
    }
    if (!allowed.contains(v)) {
      throw ApiException.badParameter(name, "invalid value for '" + name + "': '" + v + "'; expected one of "
          + String.join(", ", allowed.stream().sorted().toList()));
    }
    return v;
  }

  /** Position after the last incident of a page: its opening time and id (the list order). */
  private record Cursor(long openedAtMillis, String id) {
    static Cursor parse(String text) {
      int dot = text.indexOf('.');
      try {
        return new Cursor(Long.parseLong(text.substring(0, dot)), text.substring(dot + 1));
      } catch (RuntimeException e) {
        throw ApiException.badParameter("cursor", "invalid value for 'cursor': '" + text
            + "'; pass next_cursor of the previous page");
      }
    }

    /** True when {@code i} comes after this position in newest-first order. */
    boolean before(Incident i) {
      return i.openedAtMillis() < openedAtMillis
          || (i.openedAtMillis() == openedAtMillis && i.id().compareTo(id) < 0);
    }
  }
}
