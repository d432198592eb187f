package dev.faultline.collector.query;

import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.security.AccessPolicy;
import dev.faultline.collector.security.SecurityConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Routes for operators, under {@code /api/v1/admin/} and so admin-scope only when query tokens are configured
 * ({@link AccessPolicy}). {@code GET /api/v1/admin/config}: the settings the running collector uses (after flags and
 * file), the live analysis section and the security section as configured: file paths, variable names, token names,
 * scopes, never a token.
 */
public final class AdminRoutes {

  /** Splits {@code "a.b=1 c.d=x y"} before each {@code key=}; values may contain spaces (paths). */
  private static final Pattern SETTING = Pattern.compile(" (?=[a-z][a-z0-9.-]*=)");

  private final CollectorConfig config;
  private final Object detection;
  private final SecurityConfig security;

  /** @param detection the live analysis settings, shown as their text */
  public AdminRoutes(CollectorConfig config, Object detection, SecurityConfig security) {
    this.config = config;
    this.detection = detection;
    this.security = security;
  }

  public Router register(Router router) {
    return router.get(AccessPolicy.ADMIN_PREFIX + "config", java.util.List.of(), request -> config());
  }

  Map<String, Object> config() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("settings", settings(config.toString()));
    body.put("detection", String.valueOf(detection));
    Map<String, Object> sec = new LinkedHashMap<>();
    sec.put("ingest_tls", security.ingestTls() == null ? "off" : security.ingestTls().toString());
    sec.put("query_tls", security.queryTls() == null ? "off" : security.queryTls().toString());
    sec.put("agent_tokens", security.agentTokens().stream().map(Object::toString).toList());
    sec.put("query_tokens", security.queryTokens().stream().map(Object::toString).toList());
    body.put("security", sec);
    return body;
  }

  /** {@code key=value} pairs of a config's text, in order. */
  static Map<String, String> settings(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : SETTING.split(text.strip())) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }
}
