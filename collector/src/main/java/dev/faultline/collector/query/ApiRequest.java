package dev.faultline.collector.query;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/** A GET request as route handlers see it: the path and its query parameters (first value of each wins). */
public final class ApiRequest {

  private final String path;
  private final Map<String, List<String>> parameters;
  private final long nowMillis;
  private final int maxPageSize;
  private Map<String, String> pathParameters = Map.of();
  private String authorization;

  /** @throws ApiException (400) when the query string is not valid percent-encoding */
  ApiRequest(String uri, long nowMillis, int maxPageSize) {
    QueryStringDecoder decoder = new QueryStringDecoder(uri);
    try {
      this.path = decoder.path();
      this.parameters = decoder.parameters();
    } catch (IllegalArgumentException e) { // bad %-escape or encoding
      throw ApiException.badRequest("malformed request URI: " + e.getMessage());
    }
    this.nowMillis = nowMillis;
    this.maxPageSize = maxPageSize;
  }

  /** For tests: a request with the default page bound. */
  ApiRequest(String uri, long nowMillis) {
    this(uri, nowMillis, QueryLimits.defaults().maxPageSize());
  }

  /**
   * Rejects query parameters outside {@code accepted} and parameters given more than once.
   *
   * @param accepted the route's parameters, or null to accept any
   */
  void checkParameters(java.util.Set<String> accepted) {
    for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
      if (accepted != null && !accepted.contains(e.getKey())) {
        throw ApiException.badParameter(e.getKey(), "unknown parameter '" + e.getKey() + "' for " + path
            + (accepted.isEmpty() ? "; it takes none" : "; accepted: " + String.join(", ",
                new java.util.TreeSet<>(accepted))));
      }
      if (e.getValue().size() > 1) {
        throw ApiException.badParameter(e.getKey(), "parameter '" + e.getKey() + "' is given "
            + e.getValue().size() + " times; give it once");
      }
    }
  }

  /** Set by the query port: the request's {@code Authorization} header, or null. */
  void authorization(String header) {
    this.authorization = header;
  }

  /**
   * The caller's {@code Authorization} header (null when none), only to forward the request to another node of a
   * cluster with the caller's own credentials. A secret: never log it or put it in a message.
   */
  public String authorization() {
    return authorization;
  }

  /** The query parameters, first value of each (to forward the request to another node). */
  public Map<String, String> parameters() {
    Map<String, String> first = new java.util.LinkedHashMap<>();
    parameters.forEach((k, v) -> first.put(k, v.isEmpty() ? "" : v.get(0)));
    return first;
  }

  /** The page size: {@code limit}, or {@code dflt} when absent; a 400 unless 1 to {@code query.max-page-size}. */
  public int limit(int dflt) {
    String v = parameter("limit");
    if (v == null) {
      return Math.min(dflt, maxPageSize);
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= maxPageSize) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the error below
    }
    throw ApiException.badParameter("limit", "invalid value for 'limit': '" + v + "'; expected 1 to " + maxPageSize
        + " (query.max-page-size)");
  }

  public String path() {
    return path;
  }

  /** The value of path parameter {@code name} (the {@code {name}} segment of the route), or null. */
  public String pathParameter(String name) {
    return pathParameters.get(name);
  }

  void pathParameters(Map<String, String> values) {
    this.pathParameters = Map.copyOf(values);
  }

  /** The value of {@code name}, or null when absent or empty. */
  public String parameter(String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  /** The value of {@code name}; a 400 naming it when absent. */
  public String requiredParameter(String name) {
    String value = parameter(name);
    if (value == null) {
      throw ApiException.badParameter(name, "missing required parameter '" + name + "'");
    }
    return value;
  }

  /**
   * The time in parameter {@code name} as epoch milliseconds ({@link TimeParser}: epoch seconds, RFC 3339, 'now'
   * or relative like -15m), or {@code defaultMillis} when absent; a 400 naming it when malformed. Every route reads
   * its time parameters through here, so they all accept the same forms and fail with the same message.
   */
  public long time(String name, long defaultMillis) {
    String text = parameter(name);
    if (text == null) {
      return defaultMillis;
    }
    try {
      return TimeParser.parse(text, nowMillis);
    } catch (IllegalArgumentException | ArithmeticException e) { // overflow: "-99999999999999999d"
      throw ApiException.badParameter(name, "invalid value for '" + name + "': '" + text + "'; expected "
          + TimeParser.EXPECTED);
    }
  }

  /**
   * The page size in {@code limit}: {@code defaultLimit} when absent, else 1 to {@code maxLimit}; a 400 naming it
   * otherwise. Paged routes answer {@code next_cursor} (null on the last page) and take it back as {@code cursor}.
   */
  public int limit(int defaultLimit, int maxLimit) {
    String v = parameter("limit");
    if (v == null) {
      return defaultLimit;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= maxLimit) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw ApiException.badParameter("limit", "invalid value for 'limit': '" + v + "'; expected 1 to " + maxLimit);
  }

  /** The time the request is answered at (relative times are relative to it), epoch milliseconds. */
  public long nowMillis() {
    return nowMillis;
  }
}
