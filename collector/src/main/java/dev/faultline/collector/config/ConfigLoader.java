package dev.faultline.collector.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.collector.ingest.IngestTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.time.Duration;

/**
 * Reads the configuration. Precedence, lowest first: the defaults in {@link CollectorConfig}, the YAML file, then
 * explicit overrides (command-line flags), each given as dotted key and text. File values and flags go through the
 * same parsers, so a bad flag is reported exactly like a bad file value.
 *
 * <pre>
 * ingest:
 *   address: 127.0.0.1:9470
 * storage:
 *   retention: 1h
 * </pre>
 *
 * Unknown sections and keys are errors so that a typo fails at startup instead of being silently ignored.
 */
public final class ConfigLoader {

  /** Dotted key to how its text value is applied; insertion order is the documentation order. */
  private static final Map<String, Setter> SETTERS = new LinkedHashMap<>();

  static {
    SETTERS.put(ConfigKeys.INGEST_ADDRESS, (b, v) -> b.ingestAddress(parse(v, Endpoint::parse, Endpoint.EXPECTED)));
    SETTERS.put(ConfigKeys.INGEST_MAX_FRAME_BYTES, (b, v) -> b.maxFrameBytes(size(v)));
    SETTERS.put(ConfigKeys.INGEST_HANDSHAKE_TIMEOUT, (b, v) -> b.handshakeTimeout(duration(v)));
    SETTERS.put(ConfigKeys.INGEST_IDLE_TIMEOUT, (b, v) -> b.idleTimeout(duration(v)));
    SETTERS.put(ConfigKeys.INGEST_MAX_SERIES_PER_CONNECTION,
        (b, v) -> b.maxSeriesPerConnection(parse(v, Long::parseLong, "a whole number")));
    SETTERS.put(ConfigKeys.INGEST_MAX_SERIES_PER_AGENT,
        (b, v) -> b.maxSeriesPerAgent(parse(v, Long::parseLong, "a whole number")));
    SETTERS.put(ConfigKeys.INGEST_MAX_CONNECTIONS,
        (b, v) -> b.maxConnections(parse(v, Long::parseLong, "a whole number")));
    SETTERS.put(ConfigKeys.INGEST_MAX_BYTES_PER_SECOND, (b, v) -> b.maxBytesPerSecond(size(v)));
    SETTERS.put(ConfigKeys.INGEST_TRANSPORT,
        (b, v) -> b.ingestTransport(parse(v, IngestTransport::parse, IngestTransport.EXPECTED)));
    SETTERS.put(ConfigKeys.QUERY_ADDRESS, (b, v) -> b.queryAddress(parse(v, Endpoint::parse, Endpoint.EXPECTED)));
    SETTERS.put(ConfigKeys.QUERY_MAX_REQUEST_BYTES, (b, v) -> b.queryMaxRequestBytes(size(v)));
    SETTERS.put(ConfigKeys.QUERY_REQUEST_TIMEOUT, (b, v) -> b.queryRequestTimeout(duration(v)));
    SETTERS.put(ConfigKeys.QUERY_MAX_PAGE_SIZE,
        (b, v) -> b.queryMaxPageSize(parse(v, Long::parseLong, "a whole number")));
    SETTERS.put(ConfigKeys.STORAGE_DATA_DIR, (b, v) -> b.dataDir(parse(v, Path::of, "a directory path")));
    SETTERS.put(ConfigKeys.STORAGE_RETENTION, (b, v) -> b.retention(duration(v)));
    SETTERS.put(ConfigKeys.STORAGE_MAX_MEMORY_BYTES, (b, v) -> b.maxMemoryBytes(size(v)));
    SETTERS.put(ConfigKeys.STORAGE_MAX_POINTS_PER_SERIES,
        (b, v) -> b.maxPointsPerSeries(parse(v, Long::parseLong, "a whole number")));
    SETTERS.put(ConfigKeys.STORAGE_WAL, (b, v) -> b.wal(parse(v, ConfigLoader::bool, "true or false")));
    SETTERS.put(ConfigKeys.STORAGE_FSYNC,
        (b, v) -> b.fsync(parse(v, CollectorConfig.Fsync::parse, CollectorConfig.Fsync.EXPECTED)));
    SETTERS.put(ConfigKeys.STORAGE_FSYNC_INTERVAL, (b, v) -> b.fsyncInterval(duration(v)));
    SETTERS.put(ConfigKeys.STORAGE_WAL_RETENTION, (b, v) -> b.walRetention(duration(v)));
    SETTERS.put(ConfigKeys.STORAGE_WAL_MAX_BYTES, (b, v) -> b.walMaxBytes(size(v)));
    SETTERS.put(ConfigKeys.METRICS_AGENT_SERIES, (b, v) -> b.agentSeries(parse(v, ConfigLoader::bool, "true or false")));
    SETTERS.put(ConfigKeys.METRICS_AGENT_SERIES_PREFIX, (b, v) -> b.agentSeriesPrefix(v.trim()));
    SETTERS.put(ConfigKeys.METRICS_MAX_AGENT_SERIES,
        (b, v) -> b.maxAgentSeries(parse(v, Long::parseLong, "a whole number")));
    SETTERS.put(ConfigKeys.STORAGE_MIN_FREE_BYTES, (b, v) -> b.minFreeBytes(size(v)));
    SETTERS.put(ConfigKeys.STORAGE_SNAPSHOT_INTERVAL, (b, v) -> b.snapshotInterval(duration(v)));
  }

  private static boolean bool(String v) {
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(v);
    };
  }

  /**
   * Sections bound as a whole by their component rather than flattened to dotted scalar keys, read with
   * {@link #section}: {@code detection} (lists of rules; {@code LiveConfig.fromMap}), {@code rca}
   * ({@code RcaConfig.fromMap}), {@code notifications} (a list of targets; {@code NotificationConfig.fromMap}) and
   * {@code security} (TLS and token lists; {@code SecurityConfig.fromMap}) and {@code cluster} (roles, Kafka and
   * topics; {@code ClusterConfig.fromMap}).
   */
  public static final java.util.Set<String> STRUCTURED_SECTIONS = java.util.Set.of("detection", "rca",
      "notifications", "security", "cluster");

  private ConfigLoader() {}

  /**
   * The raw content of structured section {@code name} of the YAML file (maps, lists, strings, numbers), or null
   * when the file is null or has no such section.
   *
   * @throws ConfigException when the file cannot be read or the section is not a mapping
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> section(Path file, String name) {
    if (file == null) {
      return null;
    }
    Object root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
    } catch (IOException e) {
      throw ConfigException.of(name, "cannot read config file " + file + ": " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> m) || m.get(name) == null) {
      return null;
    }
    if (!(m.get(name) instanceof Map<?, ?> section)) {
      throw ConfigException.of(name, "must be a mapping of keys");
    }
    return (Map<String, Object>) section;
  }

  /**
   * Loads the configuration.
   *
   * @param file YAML file, or null for defaults only
   * @param overrides dotted key to value text, applied after the file (later entries win)
   * @throws ConfigException naming the key and the problem
   */
  public static CollectorConfig load(Path file, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      values.putAll(readYaml(file));
    }
    values.putAll(overrides);
    CollectorConfig.Builder builder = CollectorConfig.builder();
    for (Map.Entry<String, String> e : values.entrySet()) {
      apply(builder, e.getKey(), e.getValue());
    }
    return builder.build();
  }

  /** Flattens the YAML file to dotted keys, rejecting unknown keys and non-scalar values. Visible for testing. */
  static Map<String, String> readYaml(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw ConfigException.of("", "config file " + file + " does not exist");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ConfigException.of("", "config file " + file + " is not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ConfigException.of("", "cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return values; // an empty file means defaults
    }
    if (!root.isObject()) {
      throw ConfigException.of("", "config file " + file + " must be a mapping of sections (ingest, query, storage)");
    }
    for (Map.Entry<String, JsonNode> section : root.properties()) {
      if (STRUCTURED_SECTIONS.contains(section.getKey())) {
        continue;
      }
      if (!isSection(section.getKey())) {
        throw ConfigException.unknownKey(section.getKey(), String.join(", ", SETTERS.keySet()));
      }
      if (!section.getValue().isObject()) {
        throw ConfigException.of(section.getKey(), "must be a mapping of keys, e.g. " + firstKeyOf(section.getKey()));
      }
      for (Map.Entry<String, JsonNode> entry : section.getValue().properties()) {
        String key = section.getKey() + "." + entry.getKey();
        if (!SETTERS.containsKey(key)) {
          throw ConfigException.unknownKey(key, String.join(", ", SETTERS.keySet()));
        }
        if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
          throw ConfigException.of(key, "must be a single value, not " + entry.getValue().getNodeType()
              .toString().toLowerCase(java.util.Locale.ROOT));
        }
        values.put(key, entry.getValue().asText());
      }
    }
    return values;
  }

  private static void apply(CollectorConfig.Builder builder, String key, String value) {
    Setter setter = SETTERS.get(key);
    if (setter == null) {
      throw ConfigException.unknownKey(key, String.join(", ", SETTERS.keySet()));
    }
    try {
      setter.apply(builder, value);
    } catch (BadValue e) {
      throw ConfigException.invalid(key, value, e.expected);
    }
  }

  private static boolean isSection(String name) {
    return SETTERS.keySet().stream().anyMatch(k -> k.startsWith(name + "."));
  }

  private static String firstKeyOf(String section) {
    return SETTERS.keySet().stream().filter(k -> k.startsWith(section + ".")).findFirst().orElse(section);
  }

  private static Duration duration(String v) {
    return parse(v, Durations::parse, Durations.EXPECTED);
  }

  private static long size(String v) {
    return parse(v, ByteSizes::parse, ByteSizes.EXPECTED);
  }

  private static <T> T parse(String v, Function<String, T> parser, String expected) {
    try {
      return parser.apply(v.trim());
    } catch (RuntimeException e) { // NumberFormatException, IllegalArgumentException, InvalidPathException
      throw new BadValue(expected);
    }
  }

  private interface Setter {
    void apply(CollectorConfig.Builder builder, String value);
  }

  /** Carries "what was expected" from a parser to {@link #apply}, which adds the key and the value. */
  private static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String expected;

    BadValue(String expected) {
      super(expected, null, false, false);
      this.expected = expected;
    }
  }
}
