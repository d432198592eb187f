package dev.faultline.collector.security;

import dev.faultline.collector.config.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code security.query-tokens}.
 *
 * <pre>
 * - name: oncall
 *   token-env: FAULTLINE_ONCALL_TOKEN
 *   scope: read          # read (default) or admin
 * </pre>
 */
public record QueryTokenSpec(String name, SecretSource source, QueryScope scope) {

  static final List<String> KEYS = List.of("name", "token-file", "token-env", "scope");

  static QueryTokenSpec fromMap(String key, Object entry) {
    Map<String, ?> map = SecurityConfig.mapping(key, entry);
    SecurityConfig.checkKeys(key, map, KEYS);
    SecretSource source = SecretSource.fromMap(key, map);
    QueryScope scope = QueryScope.READ;
    Object s = map.get("scope");
    if (s != null) {
      try {
        scope = QueryScope.parse(String.valueOf(s));
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(key + ".scope", String.valueOf(s), QueryScope.EXPECTED);
      }
    }
    return new QueryTokenSpec(SecurityConfig.name(key, map), source, scope);
  }

  @Override
  public String toString() {
    return "'" + name + "' (" + scope + ") from " + source;
  }
}
