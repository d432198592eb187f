package dev.faultline.collector.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The route table: exact paths to handlers, all GET.
 *
 * <pre>{@code
 * Router router = new Router()
 *     .get("/healthz", req -> Map.of("status", "ok"))
 *     .get("/api/v1/series", seriesRoutes::list);
 * }</pre>
 */
public final class Router {

  private final Map<String, Route> routes = new LinkedHashMap<>();

  /** Adds {@code route} for GET (and HEAD) on {@code path}; a later registration of the same path replaces it. */
  public Router get(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  /** The route for {@code path}, or null. */
  Route find(String path) {
    return routes.get(path);
  }

  public Set<String> paths() {
    return routes.keySet();
  }
}
