package dev.faultline.collector.security;

import dev.faultline.collector.config.ConfigException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code security.agent-tokens}: where the token is and which services may use it.
 *
 * <pre>
 * - name: checkout-team                       # shown in logs and rejections instead of the token
 *   token-file: /etc/faultline/secrets/checkout.token
 *   services: [checkout, payments]            # optional: only agents reporting these services; none = any agent
 * </pre>
 *
 * @param services empty when the token admits any agent, host probes included; otherwise only JVM agents whose
 *     {@code service} is listed (a host probe reports no service, so it needs a token without a list)
 */
public record AgentTokenSpec(String name, SecretSource source, Set<String> services) {

  static final List<String> KEYS = List.of("name", "token-file", "token-env", "services");

  static AgentTokenSpec fromMap(String key, Object entry) {
    Map<String, ?> map = SecurityConfig.mapping(key, entry);
    SecurityConfig.checkKeys(key, map, KEYS);
    SecretSource source = SecretSource.fromMap(key, map);
    Set<String> services = new LinkedHashSet<>();
    Object list = map.get("services");
    if (list instanceof List<?> l) {
      for (Object s : l) {
        String name = String.valueOf(s).strip();
        if (s == null || name.isEmpty()) {
          throw ConfigException.of(key + ".services", "service names must not be empty");
        }
        services.add(name);
      }
      if (services.isEmpty()) {
        throw ConfigException.of(key + ".services", "an empty list admits nobody; leave services out to admit any");
      }
    } else if (list != null) {
      throw ConfigException.of(key + ".services", "must be a list of service names, e.g. [checkout, payments]");
    }
    return new AgentTokenSpec(SecurityConfig.name(key, map), source, Set.copyOf(services));
  }

  @Override
  public String toString() {
    return "'" + name + "' from " + source + (services.isEmpty() ? "" : " for " + services);
  }
}
