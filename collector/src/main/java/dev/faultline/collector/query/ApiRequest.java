package dev.faultline.collector.query;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/** A GET request as route handlers see it: the path and its query parameters (first value of each wins). */
public final class ApiRequest {

  private final String path;
  private final Map<String, List<String>> parameters;
  private final long nowMillis;
  private Map<String, String> pathParameters = Map.of();

  ApiRequest(String uri, long nowMillis) {
    QueryStringDecoder decoder = new QueryStringDecoder(uri);
    this.path = decoder.path();
    this.parameters = decoder.parameters();
    this.nowMillis = nowMillis;
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

  /** The time the request is answered at (relative times are relative to it), epoch milliseconds. */
  public long nowMillis() {
    return nowMillis;
  }
}
