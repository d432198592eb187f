package dev.faultline.collector.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One structured section of the YAML configuration as SnakeYAML parsed it (maps, lists, strings, numbers), read
 * with types: every error names the full key ({@code detection.entity.window}) and what was expected, so that each
 * section's binding is a list of reads rather than its own parsing helpers.
 *
 * <pre>{@code
 * ConfigSection s = ConfigSection.of("rca", map, List.of("enabled", "debounce"));
 * boolean enabled = s.bool("enabled", true);
 * Duration debounce = s.duration("debounce", Duration.ofSeconds(2));
 * }</pre>
 */
public final class ConfigSection {

  private final String name;
  private final Map<?, ?> map;

  private ConfigSection(String name, Map<?, ?> map) {
    this.name = name;
    this.map = map;
  }

  /**
   * The section {@code name} (its full key) holding {@code value}; null is an empty section.
   *
   * @throws ConfigException if {@code value} is not a map or has a key outside {@code known}
   */
  public static ConfigSection of(String name, Object value, List<String> known) {
    if (value == null) {
      return new ConfigSection(name, Map.of());
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw ConfigException.invalid(name, String.valueOf(value), "a section with keys " + String.join(", ", known));
    }
    for (Object k : map.keySet()) {
      if (!known.contains(String.valueOf(k))) {
        throw ConfigException.unknownKey(name + "." + k, String.join(", ", known));
      }
    }
    return new ConfigSection(name, map);
  }

  /** The full key of {@code key} in this section, for errors raised by the caller. */
  public String key(String key) {
    return name + "." + key;
  }

  /** The value as parsed (map, list, string, number), or null when absent. */
  public Object raw(String key) {
    return map.get(key);
  }

  /** The value as trimmed text, or {@code dflt} when absent. */
  public String text(String key, String dflt) {
    Object v = map.get(key);
    return v == null ? dflt : String.valueOf(v).trim();
  }

  /** The value as trimmed text; absent or blank is an error naming the key. */
  public String required(String key) {
    String s = text(key, "");
    if (s.isEmpty()) {
      throw ConfigException.of(key(key), "is required");
    }
    return s;
  }

  public boolean bool(String key, boolean dflt) {
    String s = text(key, null);
    if (s == null) {
      return dflt;
    }
    if (!s.equals("true") && !s.equals("false")) {
      throw ConfigException.invalid(key(key), s, "true or false");
    }
    return Boolean.parseBoolean(s);
  }

  public int integer(String key, int dflt) {
    String s = text(key, null);
    if (s == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key(key), s, "a whole number");
    }
  }

  /** A whole number in [min, max]. */
  public int integer(String key, int dflt, int min, int max) {
    int n = integer(key, dflt);
    if (n < min || n > max) {
      throw ConfigException.invalid(key(key), String.valueOf(n), "between " + min + " and " + max);
    }
    return n;
  }

  /** A duration like {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} ({@link Durations}). */
  public Duration duration(String key, Duration dflt) {
    String s = text(key, null);
    if (s == null) {
      return dflt;
    }
    try {
      return Durations.parse(s);
    } catch (RuntimeException e) {
      throw ConfigException.invalid(key(key), s, "a duration like 500ms, 30s, 5m or 1h");
    }
  }

  /** A duration greater than zero. */
  public Duration positiveDuration(String key, Duration dflt) {
    Duration d = duration(key, dflt);
    if (d == null || d.isNegative() || d.isZero()) {
      throw ConfigException.invalid(key(key), text(key, String.valueOf(d)), "a positive duration");
    }
    return d;
  }
}
