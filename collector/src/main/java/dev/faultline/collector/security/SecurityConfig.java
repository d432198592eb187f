package dev.faultline.collector.security;

import dev.faultline.collector.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code security:} section of the collector config, as written (file paths and variable names, never
 * secrets). {@link Security#load} reads the files it names. Every part is optional; an absent section means plain
 * TCP and no tokens, which is safe only on loopback (the default bind addresses).
 *
 * <pre>
 * security:
 *   ingest-tls: {cert-file: ..., key-file: ..., client-ca-file: ..., client-auth: require}
 *   query-tls: {cert-file: ..., key-file: ...}
 *   agent-tokens:
 *     - {name: checkout, token-file: /etc/faultline/secrets/checkout.token, services: [checkout]}
 *   query-tokens:
 *     - {name: oncall, token-env: FAULTLINE_ONCALL_TOKEN, scope: read}
 *     - {name: ops, token-file: /etc/faultline/secrets/admin.token, scope: admin}
 * </pre>
 *
 * @param ingestTls null for plain TCP on the ingest port
 * @param queryTls null for plain HTTP on the query port
 */
public record SecurityConfig(TlsSettings ingestTls, TlsSettings queryTls, List<AgentTokenSpec> agentTokens,
    List<QueryTokenSpec> queryTokens) {

  public static final String SECTION = "security";
  private static final List<String> KEYS = List.of("ingest-tls", "query-tls", "agent-tokens", "query-tokens");

  public SecurityConfig {
    agentTokens = List.copyOf(agentTokens);
    queryTokens = List.copyOf(queryTokens);
  }

  /** No TLS, no tokens. */
  public static SecurityConfig none() {
    return new SecurityConfig(null, null, List.of(), List.of());
  }

  /**
   * Binds the section as parsed from YAML (maps, lists, strings); null means {@link #none()}. Checks the structure
   * only; files are read by {@link Security#load}.
   *
   * @throws ConfigException naming the key ({@code security.<key>}) and what was wrong
   */
  public static SecurityConfig fromMap(Map<String, ?> map) {
    if (map == null) {
      return none();
    }
    checkKeys(SECTION, map, KEYS);
    TlsSettings ingest = tls(map, "ingest-tls");
    TlsSettings query = tls(map, "query-tls");
    List<AgentTokenSpec> agents = new ArrayList<>();
    List<Object> agentEntries = list(map, "agent-tokens");
    for (int i = 0; i < agentEntries.size(); i++) {
      agents.add(AgentTokenSpec.fromMap(SECTION + ".agent-tokens[" + i + "]", agentEntries.get(i)));
    }
    List<QueryTokenSpec> queries = new ArrayList<>();
    List<Object> queryEntries = list(map, "query-tokens");
    for (int i = 0; i < queryEntries.size(); i++) {
      queries.add(QueryTokenSpec.fromMap(SECTION + ".query-tokens[" + i + "]", queryEntries.get(i)));
    }
    uniqueNames("agent-tokens", agents.stream().map(AgentTokenSpec::name).toList());
    uniqueNames("query-tokens", queries.stream().map(QueryTokenSpec::name).toList());
    return new SecurityConfig(ingest, query, agents, queries);
  }

  /** One line for {@code run --check-config} and the start-up log: sources and modes, never secrets. */
  @Override
  public String toString() {
    return "security.ingest-tls=" + (ingestTls == null ? "off" : "{" + ingestTls + "}")
        + " security.query-tls=" + (queryTls == null ? "off" : "{" + queryTls + "}")
        + " security.agent-tokens=" + agentTokens + " security.query-tokens=" + queryTokens;
  }

  private static TlsSettings tls(Map<String, ?> map, String key) {
    Object v = map.get(key);
    return v == null ? null : TlsSettings.fromMap(SECTION + "." + key, mapping(SECTION + "." + key, v));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, ?> map, String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?>)) {
      throw ConfigException.of(SECTION + "." + key, "must be a list of entries (- name: ..., token-file: ...)");
    }
    return (List<Object>) v;
  }

  private static void uniqueNames(String key, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw ConfigException.of(SECTION + "." + key, "the name '" + n + "' is used twice; names identify tokens"
            + " in logs");
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, ?> mapping(String key, Object v) {
    if (!(v instanceof Map<?, ?>)) {
      throw ConfigException.of(key, "must be a mapping of keys");
    }
    return (Map<String, ?>) v;
  }

  static void checkKeys(String key, Map<String, ?> map, List<String> known) {
    for (String k : map.keySet()) {
      if (!known.contains(k)) {
        throw ConfigException.unknownKey(key + "." + k, String.join(", ", known));
      }
    }
  }

  /** The entry's {@code name}, or its position when it has none. */
  static String name(String key, Map<String, ?> map) {
    Object n = map.get("name");
    if (n == null) {
      return key.substring(key.lastIndexOf('.') + 1);
    }
    String name = String.valueOf(n).strip();
    if (name.isEmpty()) {
      throw ConfigException.of(key + ".name", "must not be empty");
    }
    return name;
  }
}
