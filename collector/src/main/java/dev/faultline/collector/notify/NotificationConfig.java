package dev.faultline.collector.notify;

import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigSection;
import dev.faultline.collector.config.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code notifications:} section of the collector configuration. Immutable; a reload (SIGHUP) builds a new one
 * and hands it to {@link Notifier#reconfigure}.
 *
 * <pre>
 * notifications:
 *   targets:
 *     - {name: alertmanager, type: alertmanager, url: "http://127.0.0.1:9093/api/v2/alerts"}
 *     - {name: chat, type: webhook, url: "https://hooks.example/x", headers: {Authorization: "Bearer ..."}}
 *     - {name: remediate, type: exec, command: [/usr/local/bin/remediate, --dry-run], events: [open], timeout: 30s}
 *   retry-initial: 1s     # first retry after this, doubling up to retry-max
 *   retry-max: 5m
 *   max-attempts: 10      # open and update notices are given up after this many attempts; resolve never
 *   rate-limit: 20        # deliveries per target per minute; more wait their turn
 *   timeout: 10s          # default per attempt
 *   log-size: 500         # entries of GET /api/v1/notifications
 *   external-url: ""      # link to the dashboard in payloads (default: http://query.address/)
 * </pre>
 */
public record NotificationConfig(List<TargetConfig> targets, Duration retryInitial, Duration retryMax,
    int maxAttempts, int ratePerMinute, Duration timeout, int logSize, String externalUrl) {

  public static final String SECTION = "notifications";

  private static final List<String> KEYS = List.of("targets", "retry-initial", "retry-max", "max-attempts",
      "rate-limit", "timeout", "log-size", "external-url");
  private static final List<String> TARGET_KEYS = List.of("name", "type", "url", "headers", "command", "timeout",
      "events");

  public NotificationConfig {
    targets = List.copyOf(targets);
    Objects.requireNonNull(externalUrl, "externalUrl");
  }

  /** No targets: nothing is sent. */
  public static NotificationConfig none() {
    return new NotificationConfig(List.of(), Duration.ofSeconds(1), Duration.ofMinutes(5), 10, 20,
        Duration.ofSeconds(10), 500, "");
  }

  /** A copy with other retry timing (tests). */
  public NotificationConfig withRetry(Duration initial, Duration max, int attempts) {
    return new NotificationConfig(targets, initial, max, attempts, ratePerMinute, timeout, logSize, externalUrl);
  }

  /** A copy with another rate limit (tests). */
  public NotificationConfig withRateLimit(int perMinute) {
    return new NotificationConfig(targets, retryInitial, retryMax, maxAttempts, perMinute, timeout, logSize,
        externalUrl);
  }

  /** A copy with other targets. */
  public NotificationConfig withTargets(List<TargetConfig> newTargets) {
    return new NotificationConfig(newTargets, retryInitial, retryMax, maxAttempts, ratePerMinute, timeout, logSize,
        externalUrl);
  }

  /**
   * Binds the section as parsed from YAML (maps, lists, strings, numbers); null means no notifications.
   *
   * @throws ConfigException naming the key ({@code notifications.targets[1].url}) and what was wrong
   */
  public static NotificationConfig fromMap(Map<String, ?> map) {
    NotificationConfig d = none();
    ConfigSection section = ConfigSection.of(SECTION, map, KEYS);
    Duration timeout = section.positiveDuration("timeout", d.timeout);
    Duration initial = section.positiveDuration("retry-initial", d.retryInitial);
    Duration max = section.positiveDuration("retry-max", d.retryMax);
    if (max.compareTo(initial) < 0) {
      throw ConfigException.invalid(SECTION + ".retry-max", Durations.format(max), "at least retry-initial ("
          + Durations.format(initial) + ")");
    }
    String external = section.text("external-url", "");
    if (!external.isEmpty()) {
      httpUrl(SECTION + ".external-url", external);
    }
    return new NotificationConfig(targets(section.raw("targets"), timeout), initial, max,
        section.integer("max-attempts", d.maxAttempts, 1, 1000),
        section.integer("rate-limit", d.ratePerMinute, 1, 100_000),
        timeout, section.integer("log-size", d.logSize, 1, 100_000), external);
  }

  private static List<TargetConfig> targets(Object raw, Duration defaultTimeout) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      throw ConfigException.of(SECTION + ".targets", "must be a list of targets, e.g. - {name: am, type: alertmanager,"
          + " url: \"http://127.0.0.1:9093/api/v2/alerts\"}");
    }
    List<TargetConfig> result = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = SECTION + ".targets[" + i + "]";
      ConfigSection m = ConfigSection.of(where, list.get(i), TARGET_KEYS);
      String name = m.required("name");
      if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw ConfigException.invalid(where + ".name", name, "1 to 64 letters, digits, '.', '_' or '-'");
      }
      if (!names.add(name)) {
        throw ConfigException.of(where + ".name", "'" + name + "' is used by two targets; names must be unique");
      }
      TargetConfig.Type type;
      try {
        type = TargetConfig.Type.parse(m.required("type"));
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(where + ".type", m.text("type", ""), "alertmanager, webhook or exec");
      }
      URI url = null;
      List<String> command = List.of();
      if (type == TargetConfig.Type.EXEC) {
        command = command(m.raw("command"), where + ".command");
        if (m.raw("url") != null) {
          throw ConfigException.of(where + ".url", "an exec target runs a command; remove url");
        }
      } else {
        url = httpUrl(where + ".url", m.required("url"));
        if (m.raw("command") != null) {
          throw ConfigException.of(where + ".command", "a " + type.word() + " target posts to url; remove command");
        }
      }
      result.add(new TargetConfig(name, type, url, headers(m.raw("headers"), where + ".headers"), command,
          m.positiveDuration("timeout", defaultTimeout), events(m.raw("events"), where + ".events")));
    }
    return result;
  }

  private static URI httpUrl(String key, String text) {
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw ConfigException.invalid(key, text, "an http:// or https:// URL with a host");
  }

  private static List<String> command(Object raw, String key) {
    List<String> command = new ArrayList<>();
    if (raw instanceof String s && !s.isBlank()) {
      command.add(s.trim());
    } else if (raw instanceof List<?> l && !l.isEmpty()) {
      l.forEach(x -> command.add(String.valueOf(x)));
    } else {
      throw ConfigException.of(key, "is required for an exec target: the program and its arguments as a list,"
          + " e.g. [/usr/local/bin/remediate, --incident-on-stdin] (run without a shell)");
    }
    if (!command.get(0).startsWith("/")) {
      throw ConfigException.invalid(key, command.get(0), "an absolute path to the program (the unit's PATH is minimal)");
    }
    return command;
  }

  private static Map<String, String> headers(Object raw, String key) {
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof Map<?, ?> m)) {
      throw ConfigException.of(key, "must be a mapping of header names to values");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      String name = String.valueOf(k);
      if (!name.matches("[A-Za-z0-9-]+") || Set.of("host", "content-length", "connection", "content-type")
          .contains(name.toLowerCase(java.util.Locale.ROOT))) {
        throw ConfigException.of(key + "." + name, "is not a header that can be set here");
      }
      headers.put(name, String.valueOf(v));
    });
    return headers;
  }

  private static Set<NotifyEvent> events(Object raw, String key) {
    if (raw == null) {
      return EnumSet.allOf(NotifyEvent.class);
    }
    if (!(raw instanceof List<?> l) || l.isEmpty()) {
      throw ConfigException.of(key, "must be a non-empty list of open, update, resolve");
    }
    Set<NotifyEvent> events = EnumSet.noneOf(NotifyEvent.class);
    for (Object o : l) {
      try {
        events.add(NotifyEvent.parse(String.valueOf(o)));
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(key, String.valueOf(o), "open, update or resolve");
      }
    }
    return events;
  }
}
