package dev.faultline.collector.security;

/**
 * Which query-port requests need which token scope. Admin: everything under {@code /api/v1/admin/} and any method
 * other than GET and HEAD on {@code /api/} (write routes). Read: every other {@code /api/} route, the event stream
 * included. Open (no token even when tokens are configured): {@code /healthz} (health and counts only, for
 * supervisors and load balancers), the API document {@code /api/v1/openapi.json} and the dashboard's static files
 * (no data; the page asks for a token when the API answers 401).
 */
public final class AccessPolicy {

  public static final String ADMIN_PREFIX = "/api/v1/admin/";

  private AccessPolicy() {}

  /** The scope {@code method path} needs, or null when it is open. */
  public static QueryScope required(String method, String path) {
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (path.startsWith(ADMIN_PREFIX) || path.equals(ADMIN_PREFIX.substring(0, ADMIN_PREFIX.length() - 1))) {
      return QueryScope.ADMIN;
    }
    if (!path.startsWith("/api/")) {
      return null;
    }
    if (!read) {
      return QueryScope.ADMIN;
    }
    return path.equals("/api/v1/openapi.json") ? null : QueryScope.READ;
  }
}
