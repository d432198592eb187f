package dev.faultline.collector.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The route table: paths to handlers, all GET. A path may contain parameters as whole segments in braces,
 * which the handler reads with {@link ApiRequest#pathParameter}; exact paths win over templates, and templates are
 * tried in registration order. One path can instead be an event stream ({@link #stream}).
 *
 * <pre>{@code
 * Router router = new Router()
 *     .get("/healthz", req -> Map.of("status", "ok"))
 *     .get("/api/v1/incidents/{id}", req -> incidents.get(req.pathParameter("id")))
 *     .stream("/api/v1/events", hub);
 * }</pre>
 */
public final class Router {

  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final Map<String, Template> templates = new LinkedHashMap<>();
  private final Map<String, EventStream> streams = new LinkedHashMap<>();
  /** Query parameters each path accepts; paths absent here accept any (registered without a list). */
  private final Map<String, Set<String>> parameters = new LinkedHashMap<>();

  /** Adds {@code route} for GET (and HEAD) on {@code path}; a later registration of the same path replaces it. */
  public Router get(String path, Route route) {
    if (path.contains("{")) {
      templates.put(path, new Template(path.split("/", -1), route));
    } else {
      routes.put(path, route);
    }
    return this;
  }

  /**
   * Adds {@code route} for GET on {@code path}, accepting only the query {@code parameters} listed: any other, or
   * one given twice, is answered 400 naming it before the route runs.
   */
  public Router get(String path, java.util.List<String> parameters, Route route) {
    this.parameters.put(path, Set.copyOf(parameters));
    return get(path, route);
  }

  /** The query parameters {@code path} (as registered, templates in braces) accepts, or null for any. */
  public Set<String> parameters(String path) {
    return parameters.get(path);
  }

  /** Serves {@code path} as a server-sent event stream held open by {@code stream}. */
  public Router stream(String path, EventStream stream) {
    streams.put(path, stream);
    return this;
  }

  /** The route for {@code path}, or null. */
  Route find(String path) {
    return routes.get(path);
  }

  /** The route for {@code path} with its path parameters, or null. */
  Match match(String path) {
    Route exact = routes.get(path);
    if (exact != null) {
      return new Match(exact, Map.of(), parameters.get(path));
    }
    String[] segments = path.split("/", -1);
    for (Map.Entry<String, Template> e : templates.entrySet()) {
      Map<String, String> params = e.getValue().bind(segments);
      if (params != null) {
        return new Match(e.getValue().route, params, parameters.get(e.getKey()));
      }
    }
    return null;
  }

  /** The event stream for {@code path}, or null. */
  EventStream findStream(String path) {
    return streams.get(path);
  }

  /** A route and the path parameters it was matched with. */
  record Match(Route route, Map<String, String> pathParameters, Set<String> queryParameters) {}

  private record Template(String[] segments, Route route) {
    /** Parameter values when {@code path} matches (no empty values), else null. */
    Map<String, String> bind(String[] path) {
      if (path.length != segments.length) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < path.length; i++) {
        String s = segments[i];
        if (s.startsWith("{") && s.endsWith("}")) {
          if (path[i].isEmpty()) {
            return null;
          }
          params.put(s.substring(1, s.length() - 1), path[i]);
        } else if (!s.equals(path[i])) {
          return null;
        }
      }
      return params;
    }
  }

  /** Registered paths: exact, then templates, then streams. */
  public Set<String> paths() {
    Set<String> all = new java.util.LinkedHashSet<>(routes.keySet());
    all.addAll(templates.keySet());
    all.addAll(streams.keySet());
    return all;
  }
}
