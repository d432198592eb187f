package dev.faultline.collector.cluster;

import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.Durations;
import dev.faultline.collector.security.SecretSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code cluster:} section of the collector config: which roles this node plays and where the Kafka cluster
 * and its topics are. Without the section the node is {@code single}: today's self-contained collector. Immutable.
 *
 * <pre>
 * cluster:
 *   role: gateway                   # single (default) | gateway | analyzer | gateway,analyzer
 *   bootstrap-servers: kafka-1:9092,kafka-2:9092
 *   node-id: gw-1                   # default: the host name
 *   topics: {batches: faultline.batches, anomalies: faultline.anomalies, incidents: faultline.incidents,
 *            topology: faultline.topology}
 *   partitions: 12                  # of the batches topic (the unit of analyzer parallelism)
 *   replication-factor: 3           # default: the brokers' default.replication.factor
 *   create-topics: true             # false: refuse to start while a topic is missing
 *   publish-timeout: 10s            # a batch Kafka has not acknowledged by then is refused UNAVAILABLE
 *   kafka: {security.protocol: SSL} # extra Kafka client properties, passed unchanged (never logged)
 *   anomalies-retention: 30d        # time retention of the anomalies topic (cleanup.policy compact,delete)
 *   internal-token: {token-file: /etc/faultline/secrets/cluster.token}  # nodes' token to each other's query
 *                                   # ports; admitted (scope read) by every node; required with query tokens
 *   query-ca-file: /etc/faultline/tls/ca.crt  # CA of the other nodes' query-tls certificates (default: the
 *                                   # security.query-tls cert-file itself)
 *   checkpoint-interval: 30m        # an analyzer checkpoints each series' detector state this often (1s .. 1h)
 * </pre>
 *
 * @param roles the node's roles; {@code {SINGLE}} alone or any non-empty set of the others
 * @param bootstrapServers Kafka bootstrap list; required unless single
 * @param replicationFactor empty: the brokers' default
 * @param clientProperties extra Kafka client properties for every producer, consumer, admin and Streams client
 * @param anomaliesRetention {@code retention.ms} of the anomalies topic when this node creates it
 * @param internalToken the bearer token a node sends when it asks another node's query port on its own behalf
 *     (the root-cause step's history); every node admits it with scope read. Null: none
 * @param queryCaFile PEM CA certificates that sign the other nodes' query-port certificates; null: trust the
 *     certificates of {@code security.query-tls.cert-file}
 * @param checkpointInterval how often an analyzer writes each series' detector state to its changelog-backed store
 *     (a moved partition restores it and replays only the points after it)
 */
public record ClusterConfig(Set<Role> roles, String bootstrapServers, String nodeId, Topics topics, int partitions,
    Optional<Short> replicationFactor, boolean createTopics, Duration publishTimeout,
    Map<String, String> clientProperties, Duration anomaliesRetention, SecretSource internalToken,
    Path queryCaFile, Duration checkpointInterval) {

  /** How often an analyzer checkpoints each series' detector state by default. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(30);
  public static final String SECTION = "cluster";

  private static final List<String> KEYS = List.of("role", "bootstrap-servers", "node-id", "topics", "partitions",
      "replication-factor", "create-topics", "publish-timeout", "kafka", "anomalies-retention", "internal-token",
      "query-ca-file", "checkpoint-interval");

  /** Default time retention of the anomalies topic (compact,delete): longer than any anomaly stays open. */
  public static final Duration DEFAULT_ANOMALIES_RETENTION = Duration.ofDays(30);

  /** What a node does. */
  public enum Role {
    /** Ingest, store, detection, incidents and queries in one process, no Kafka (the default). */
    SINGLE,
    /** Accepts agents and publishes their batches to Kafka; acknowledges after Kafka did. */
    GATEWAY,
    /** Kafka Streams application: detectors over the batches topic. */
    ANALYZER;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Topic names. {@code topology} is compacted (latest edge set per key). */
  public record Topics(String batches, String anomalies, String incidents, String topology) {

    static final List<String> KEYS = List.of("batches", "anomalies", "incidents", "topology");

    public Topics {
      for (String[] t : new String[][] {{"batches", batches}, {"anomalies", anomalies}, {"incidents", incidents},
          {"topology", topology}}) {
        if (t[1] == null || !t[1].matches("[a-zA-Z0-9._-]{1,249}")) {
          throw ConfigException.invalid(SECTION + ".topics." + t[0], String.valueOf(t[1]),
              "a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
        }
      }
      if (new java.util.HashSet<>(List.of(batches, anomalies, incidents, topology)).size() < 4) {
        throw ConfigException.of(SECTION + ".topics", "the four topic names must differ: " + List.of(batches,
            anomalies, incidents, topology));
      }
    }

    public static Topics defaults() {
      return new Topics("faultline.batches", "faultline.anomalies", "faultline.incidents", "faultline.topology");
    }

    public List<String> all() {
      return List.of(batches, anomalies, incidents, topology);
    }
  }

  public ClusterConfig {
    roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    if (roles.isEmpty() || (roles.contains(Role.SINGLE) && roles.size() > 1)) {
      throw ConfigException.invalid(SECTION + ".role", words(roles), "single, gateway, analyzer or gateway,analyzer");
    }
    if (!roles.contains(Role.SINGLE) && (bootstrapServers == null || bootstrapServers.isBlank())) {
      throw ConfigException.of(SECTION + ".bootstrap-servers", "required with cluster.role " + words(roles)
          + " (the Kafka brokers, e.g. kafka-1:9092,kafka-2:9092)");
    }
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      for (String server : bootstrapServers.split(",")) {
        if (!server.trim().matches("[^\\s:]+:\\d{1,5}")) {
          throw ConfigException.invalid(SECTION + ".bootstrap-servers", bootstrapServers,
              "a comma-separated list of HOST:PORT");
        }
      }
    }
    if (nodeId == null || !nodeId.matches("[a-zA-Z0-9._-]{1,100}")) {
      throw ConfigException.invalid(SECTION + ".node-id", String.valueOf(nodeId),
          "1 to 100 of a-z A-Z 0-9 . _ -");
    }
    if (partitions < 1 || partitions > 10_000) {
      throw ConfigException.invalid(SECTION + ".partitions", String.valueOf(partitions), "between 1 and 10000");
    }
    if (replicationFactor.isPresent() && (replicationFactor.get() < 1 || replicationFactor.get() > 32)) {
      throw ConfigException.invalid(SECTION + ".replication-factor", String.valueOf(replicationFactor.get()),
          "between 1 and 32");
    }
    Objects.requireNonNull(anomaliesRetention, "anomaliesRetention");
    if (anomaliesRetention.toMinutes() < 60 || anomaliesRetention.toDays() > 3650) {
      throw ConfigException.invalid(SECTION + ".anomalies-retention", Durations.format(anomaliesRetention),
          "a duration between 1h and 3650d");
    }
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (checkpointInterval.toMillis() < 1000 || checkpointInterval.toMinutes() > 60) {
      throw ConfigException.invalid(SECTION + ".checkpoint-interval", Durations.format(checkpointInterval),
          "a duration between 1s and 1h");
    }
    if (publishTimeout.toMillis() < 100 || publishTimeout.toMinutes() > 10) {
      throw ConfigException.invalid(SECTION + ".publish-timeout", Durations.format(publishTimeout),
          "a duration between 100ms and 10m");
    }
  }

  /** The single-node default: no Kafka. */
  public static ClusterConfig single() {
    return builder().build();
  }

  /** A gateway (and/or analyzer) config with defaults for everything but the roles and brokers (tests, bench). */
  public static ClusterConfig of(Set<Role> roles, String bootstrapServers) {
    return builder().roles(roles).bootstrapServers(bootstrapServers).build();
  }

  /** A builder holding the single-node defaults; {@link Builder#build()} validates as the config file does. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration's values. */
  public Builder toBuilder() {
    return new Builder().roles(roles).bootstrapServers(bootstrapServers).nodeId(nodeId).topics(topics)
        .partitions(partitions).replicationFactor(replicationFactor).createTopics(createTopics)
        .publishTimeout(publishTimeout).clientProperties(clientProperties).anomaliesRetention(anomaliesRetention)
        .internalToken(internalToken).queryCaFile(queryCaFile).checkpointInterval(checkpointInterval);
  }

  /** The roles as configured, e.g. {@code gateway,analyzer}. */
  public String roleWords() {
    return words(roles);
  }

  public boolean isSingle() {
    return roles.contains(Role.SINGLE);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /**
   * Builds a {@link ClusterConfig}. Setters only store: {@link #build()} checks every value (the record's
   * constructor), so a test, the bench and the config file get the same errors naming the {@code cluster.} key.
   */
  public static final class Builder {
    private Set<Role> roles = Set.of(Role.SINGLE);
    private String bootstrapServers;
    private String nodeId = defaultNodeId();
    private Topics topics = Topics.defaults();
    private int partitions = 12;
    private Optional<Short> replicationFactor = Optional.empty();
    private boolean createTopics = true;
    private Duration publishTimeout = Duration.ofSeconds(10);
    private Map<String, String> clientProperties = Map.of();
    private Duration anomaliesRetention = DEFAULT_ANOMALIES_RETENTION;
    private SecretSource internalToken;
    private Path queryCaFile;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;

    private Builder() {}

    public Builder roles(Set<Role> v) {
      roles = v;
      return this;
    }

    /** Kafka bootstrap list, e.g. {@code kafka-1:9092,kafka-2:9092}; required unless single. */
    public Builder bootstrapServers(String v) {
      bootstrapServers = v;
      return this;
    }

    public Builder nodeId(String v) {
      nodeId = v;
      return this;
    }

    public Builder topics(Topics v) {
      topics = v;
      return this;
    }

    /** Partitions of the batches topic (the unit of analyzer parallelism). */
    public Builder partitions(int v) {
      partitions = v;
      return this;
    }

    /** Empty: the brokers' default. */
    public Builder replicationFactor(Optional<Short> v) {
      replicationFactor = v;
      return this;
    }

    /** False: refuse to start while a topic is missing. */
    public Builder createTopics(boolean v) {
      createTopics = v;
      return this;
    }

    public Builder publishTimeout(Duration v) {
      publishTimeout = v;
      return this;
    }

    /** Extra Kafka client properties (the {@code kafka:} key). */
    public Builder clientProperties(Map<String, String> v) {
      clientProperties = v;
      return this;
    }

    public Builder anomaliesRetention(Duration v) {
      anomaliesRetention = v;
      return this;
    }

    /** The token nodes send each other on their query ports (see {@link #internalToken}); null for none. */
    public Builder internalToken(SecretSource v) {
      internalToken = v;
      return this;
    }

    public Builder queryCaFile(Path v) {
      queryCaFile = v;
      return this;
    }

    /** How often an analyzer checkpoints each series' detector state (the {@code checkpoint-interval:} key). */
    public Builder checkpointInterval(Duration v) {
      checkpointInterval = v;
      return this;
    }

    /** @throws ConfigException naming the {@code cluster.} key of the first bad value */
    public ClusterConfig build() {
      return new ClusterConfig(roles, bootstrapServers, nodeId, topics, partitions, replicationFactor, createTopics,
          publishTimeout, clientProperties, anomaliesRetention, internalToken, queryCaFile, checkpointInterval);
    }
  }

  /**
   * Binds the {@code cluster:} section as parsed from YAML; null means {@link #single()}.
   *
   * @throws ConfigException naming the key ({@code cluster.<key>}) and what was wrong
   */
  public static ClusterConfig fromMap(Map<String, ?> map) {
    Builder b = builder();
    if (map == null) {
      return b.build();
    }
    for (String k : map.keySet()) {
      if (!KEYS.contains(k)) {
        throw ConfigException.unknownKey(SECTION + "." + k, String.join(", ", KEYS));
      }
    }
    // keys in the order of the section's documentation: the first bad one is the one reported
    if (map.get("role") != null) {
      b.roles(roles(map.get("role")));
    }
    if (map.get("bootstrap-servers") != null) {
      b.bootstrapServers(text(map, "bootstrap-servers"));
    }
    if (map.get("node-id") != null) {
      b.nodeId(text(map, "node-id"));
    }
    b.topics(topics(map.get("topics")));
    if (map.get("partitions") != null) {
      b.partitions((int) whole(map, "partitions"));
    }
    if (map.get("replication-factor") != null) {
      b.replicationFactor(Optional.of(
          (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, whole(map, "replication-factor")))));
    }
    if (map.get("create-topics") != null) {
      b.createTopics(bool(map, "create-topics"));
    }
    if (map.get("publish-timeout") != null) {
      b.publishTimeout(duration(map, "publish-timeout", "10s"));
    }
    if (map.get("anomalies-retention") != null) {
      b.anomaliesRetention(duration(map, "anomalies-retention", "30d"));
    }
    if (map.get("internal-token") != null) {
      b.internalToken(SecretSource.fromMap(SECTION + ".internal-token",
          mapping("internal-token", map.get("internal-token"))));
    }
    if (map.get("query-ca-file") != null) {
      b.queryCaFile(Path.of(text(map, "query-ca-file")));
    }
    if (map.get("checkpoint-interval") != null) {
      b.checkpointInterval(duration(map, "checkpoint-interval", "5m"));
    }
    return b.clientProperties(clientProperties(map.get("kafka"))).build();
  }

  private static Set<Role> roles(Object value) {
    Collection<?> items = value instanceof Collection<?> c ? c
        : List.of(String.valueOf(value).split(","));
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (Object item : items) {
      String word = String.valueOf(item).trim().toLowerCase(Locale.ROOT);
      try {
        roles.add(Role.valueOf(word.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(SECTION + ".role", String.valueOf(value),
            "single, gateway, analyzer or gateway,analyzer");
      }
    }
    return roles;
  }

  private static Topics topics(Object value) {
    Topics d = Topics.defaults();
    if (value == null) {
      return d;
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw ConfigException.of(SECTION + ".topics", "must be a mapping of " + String.join(", ", Topics.KEYS));
    }
    for (Object k : m.keySet()) {
      if (!Topics.KEYS.contains(String.valueOf(k))) {
        throw ConfigException.unknownKey(SECTION + ".topics." + k, String.join(", ", Topics.KEYS));
      }
    }
    return new Topics(name(m, "batches", d.batches()), name(m, "anomalies", d.anomalies()),
        name(m, "incidents", d.incidents()), name(m, "topology", d.topology()));
  }

  private static String name(Map<?, ?> m, String key, String dflt) {
    return m.get(key) == null ? dflt : String.valueOf(m.get(key)).trim();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> mapping(String key, Object v) {
    if (!(v instanceof Map<?, ?>)) {
      throw ConfigException.of(SECTION + "." + key, "must be a mapping: {token-file: PATH} or {token-env: VARIABLE}");
    }
    return (Map<String, ?>) v;
  }

  private static Map<String, String> clientProperties(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw ConfigException.of(SECTION + ".kafka", "must be a mapping of Kafka client properties");
    }
    Map<String, String> props = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof Collection<?>) {
        throw ConfigException.of(SECTION + ".kafka." + e.getKey(), "must be a single value (write the property"
            + " name in full, e.g. security.protocol: SSL)");
      }
      props.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
    }
    return props;
  }

  private static String text(Map<String, ?> m, String key) {
    return String.valueOf(m.get(key)).trim();
  }

  private static long whole(Map<String, ?> m, String key) {
    try {
      return Long.parseLong(text(m, key));
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(SECTION + "." + key, text(m, key), "a whole number");
    }
  }

  private static Duration duration(Map<String, ?> m, String key, String example) {
    try {
      return Durations.parse(text(m, key));
    } catch (RuntimeException e) {
      throw ConfigException.invalid(SECTION + "." + key, text(m, key), "a duration like " + example);
    }
  }

  private static boolean bool(Map<String, ?> m, String key) {
    String v = text(m, key).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw ConfigException.invalid(SECTION + "." + key, v, "true or false");
    }
    return Boolean.parseBoolean(v);
  }

  private static String words(Set<Role> roles) {
    List<String> words = new ArrayList<>();
    for (Role r : Role.values()) {
      if (roles.contains(r)) {
        words.add(r.word());
      }
    }
    return String.join(",", words);
  }

  private static String defaultNodeId() {
    return DefaultNodeId.VALUE;
  }

  /** Resolved once, on first use (the host name look-up may be slow). */
  private static final class DefaultNodeId {
    static final String VALUE = hostNodeId();
  }

  private static String hostNodeId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "node";
    }
    String id = host.replaceAll("[^a-zA-Z0-9._-]", "-");
    return id.isEmpty() ? "node" : id.substring(0, Math.min(100, id.length()));
  }

  /** For {@code run --check-config}: roles, brokers and topics; the Kafka client properties are not shown. */
  @Override
  public String toString() {
    if (isSingle()) {
      return "cluster: single";
    }
    return "cluster: role " + words(roles) + ", node " + nodeId + ", brokers " + bootstrapServers + ", topics "
        + topics.all() + ", " + partitions + " partitions, replication "
        + replicationFactor.map(String::valueOf).orElse("broker default") + ", create-topics " + createTopics
        + ", publish-timeout " + Durations.format(publishTimeout)
        + ", anomalies-retention " + Durations.format(anomaliesRetention)
        + (internalToken == null ? "" : ", internal-token from " + internalToken)
        + (queryCaFile == null ? "" : ", query-ca-file " + queryCaFile)
        + (clientProperties.isEmpty() ? "" : ", " + clientProperties.size() + " Kafka client properties");
  }
}
