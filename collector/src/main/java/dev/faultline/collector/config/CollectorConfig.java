package dev.faultline.collector.config;

import dev.faultline.collector.ingest.IngestTransport;
import dev.faultline.common.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable collector settings. Read once at startup ({@link ConfigLoader}); tests and embedders use the builder.
 *
 * <pre>{@code
 * CollectorConfig config = CollectorConfig.builder()
 *     .ingestAddress(new Endpoint("127.0.0.1", 0))
 *     .queryAddress(new Endpoint("127.0.0.1", 0))
 *     .build();
 * }</pre>
 */
public final class CollectorConfig {

  public static final Endpoint DEFAULT_INGEST_ADDRESS = new Endpoint("127.0.0.1", Protocol.DEFAULT_INGEST_PORT);
  public static final Endpoint DEFAULT_QUERY_ADDRESS = new Endpoint("127.0.0.1", Protocol.DEFAULT_QUERY_PORT);
  public static final int DEFAULT_MAX_FRAME_BYTES = Protocol.DEFAULT_MAX_FRAME_BYTES;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);
  public static final int DEFAULT_MAX_SERIES_PER_CONNECTION = 100_000;
  public static final int DEFAULT_MAX_SERIES_PER_AGENT = 20_000;
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final long DEFAULT_MAX_BYTES_PER_SECOND = 2L * 1024 * 1024;
  public static final int DEFAULT_QUERY_MAX_REQUEST_BYTES = 64 * 1024;
  public static final Duration DEFAULT_QUERY_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_QUERY_MAX_PAGE_SIZE = 10_000;
  public static final Path DEFAULT_DATA_DIR = Path.of("faultline-data");
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
  public static final long DEFAULT_MAX_MEMORY_BYTES = 512L * 1024 * 1024;
  public static final int DEFAULT_MAX_POINTS_PER_SERIES = 3600;
  public static final boolean DEFAULT_WAL = true;
  public static final Fsync DEFAULT_FSYNC = Fsync.ALWAYS;
  public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(5);
  public static final Duration DEFAULT_WAL_RETENTION = Duration.ofHours(2);
  public static final long DEFAULT_WAL_MAX_BYTES = 1L << 30;
  public static final int DEFAULT_MAX_AGENT_SERIES = 50_000;
  /** Below this much free space on the data directory's file system the WAL refuses batches. */
  public static final long DEFAULT_MIN_FREE_BYTES = 256L << 20;
  /** How often the store is snapshotted, bounding the log a restart replays. */
  public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofMinutes(5);

  /** {@code storage.fsync}: when the write-ahead log is fsynced, and so when a batch is acknowledged. */
  public enum Fsync {
    /** fsync as soon as anything is pending; concurrent appends share one fsync (the default). */
    ALWAYS,
    /** at most one fsync per {@code storage.fsync-interval}; acks wait for it (for disks with slow fsync). */
    INTERVAL;

    static final String EXPECTED = "always or interval";

    static Fsync parse(String v) {
      return valueOf(v.toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Endpoint ingestAddress;
  private final int maxFrameBytes;
  private final Duration handshakeTimeout;
  private final Duration idleTimeout;
  private final int maxSeriesPerConnection;
  private final int maxSeriesPerAgent;
  private final int maxConnections;
  private final long maxBytesPerSecond;
  private final IngestTransport ingestTransport;
  private final Endpoint queryAddress;
  private final int queryMaxRequestBytes;
  private final Duration queryRequestTimeout;
  private final int queryMaxPageSize;
  private final Path dataDir;
  private final Duration retention;
  private final long maxMemoryBytes;
  private final int maxPointsPerSeries;
  private final boolean wal;
  private final Fsync fsync;
  private final Duration fsyncInterval;
  private final Duration walRetention;
  private final long walMaxBytes;
  private final boolean agentSeries;
  private final String agentSeriesPrefix;
  private final int maxAgentSeries;
  private final long minFreeBytes;
  private final Duration snapshotInterval;

  private CollectorConfig(Builder b) {
    this.ingestAddress = b.ingestAddress;
    this.maxFrameBytes = b.maxFrameBytes;
    this.handshakeTimeout = b.handshakeTimeout;
    this.idleTimeout = b.idleTimeout;
    this.maxSeriesPerConnection = b.maxSeriesPerConnection;
    this.maxSeriesPerAgent = b.maxSeriesPerAgent;
    this.maxConnections = b.maxConnections;
    this.maxBytesPerSecond = b.maxBytesPerSecond;
    this.ingestTransport = b.ingestTransport;
    this.queryAddress = b.queryAddress;
    this.queryMaxRequestBytes = b.queryMaxRequestBytes;
    this.queryRequestTimeout = b.queryRequestTimeout;
    this.queryMaxPageSize = b.queryMaxPageSize;
    this.dataDir = b.dataDir;
    this.retention = b.retention;
    this.maxMemoryBytes = b.maxMemoryBytes;
    this.maxPointsPerSeries = b.maxPointsPerSeries;
    this.wal = b.wal;
    this.fsync = b.fsync;
    this.fsyncInterval = b.fsyncInterval;
    this.walRetention = b.walRetention;
    this.walMaxBytes = b.walMaxBytes;
    this.agentSeries = b.agentSeries;
    this.agentSeriesPrefix = b.agentSeriesPrefix;
    this.maxAgentSeries = b.maxAgentSeries;
    this.minFreeBytes = b.minFreeBytes;
    this.snapshotInterval = b.snapshotInterval;
  }

  /** All defaults: ingest on 127.0.0.1:9470, query on 127.0.0.1:9471, data in ./faultline-data. */
  public static CollectorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration's values. */
  public Builder toBuilder() {
    return new Builder()
        .ingestAddress(ingestAddress).maxFrameBytes(maxFrameBytes).handshakeTimeout(handshakeTimeout)
        .idleTimeout(idleTimeout).maxSeriesPerConnection(maxSeriesPerConnection).maxSeriesPerAgent(maxSeriesPerAgent)
        .maxConnections(maxConnections).maxBytesPerSecond(maxBytesPerSecond).ingestTransport(ingestTransport)
        .queryAddress(queryAddress)
        .queryMaxRequestBytes(queryMaxRequestBytes).queryRequestTimeout(queryRequestTimeout)
        .queryMaxPageSize(queryMaxPageSize)
        .dataDir(dataDir).retention(retention).maxMemoryBytes(maxMemoryBytes).maxPointsPerSeries(maxPointsPerSeries)
        .wal(wal).fsync(fsync).fsyncInterval(fsyncInterval).walRetention(walRetention).walMaxBytes(walMaxBytes)
        .agentSeries(agentSeries).agentSeriesPrefix(agentSeriesPrefix).maxAgentSeries(maxAgentSeries)
        .minFreeBytes(minFreeBytes).snapshotInterval(snapshotInterval);
  }

  /** {@code ingest.address}: where agents connect. */
  public Endpoint ingestAddress() { return ingestAddress; }

  /** {@code ingest.max-frame-bytes}: the largest frame payload accepted (and announced in HelloReply). */
  public int maxFrameBytes() { return maxFrameBytes; }

  /** {@code ingest.handshake-timeout}: how long a new connection may take to send magic and Hello. */
  public Duration handshakeTimeout() { return handshakeTimeout; }

  /** {@code ingest.idle-timeout}: a connection silent for this long is closed. */
  public Duration idleTimeout() { return idleTimeout; }

  /** {@code ingest.max-series-per-connection}: bound of one connection's series dictionary (and of its ids). */
  public int maxSeriesPerConnection() { return maxSeriesPerConnection; }

  /** {@code ingest.max-series-per-agent}: distinct series one agent id may define over its life. */
  public int maxSeriesPerAgent() { return maxSeriesPerAgent; }

  /** {@code ingest.max-connections}: open ingest connections; one more is refused with LIMIT_EXCEEDED. */
  public int maxConnections() { return maxConnections; }

  /** {@code ingest.max-bytes-per-second}: per-connection read rate; a faster sender is throttled (not closed). */
  public long maxBytesPerSecond() { return maxBytesPerSecond; }

  /** {@code ingest.transport}: native epoll where it loads ({@code auto}, the default) or always {@code nio}. */
  public IngestTransport ingestTransport() { return ingestTransport; }

  /** {@code query.address}: the HTTP query port. */
  public Endpoint queryAddress() { return queryAddress; }

  /** {@code query.max-request-bytes}: largest request (line, headers and body) the query port reads. */
  public int queryMaxRequestBytes() { return queryMaxRequestBytes; }

  /** {@code query.request-timeout}: a request must arrive and be answered within this, else 408 or 503. */
  public Duration queryRequestTimeout() { return queryRequestTimeout; }

  /** {@code query.max-page-size}: the largest {@code limit} a paged route accepts. */
  public int queryMaxPageSize() { return queryMaxPageSize; }

  /** {@code storage.data-dir}: created at start; holds the write-ahead log once it exists. */
  public Path dataDir() { return dataDir; }

  /** {@code storage.retention}: points older than this are dropped. */
  public Duration retention() { return retention; }

  /** {@code storage.max-memory-bytes}: global budget for stored points, shared by all series. */
  public long maxMemoryBytes() { return maxMemoryBytes; }

  /** {@code storage.max-points-per-series}: upper bound of the points one series keeps per block. */
  public int maxPointsPerSeries() { return maxPointsPerSeries; }

  /**
   * {@code storage.wal}: append every batch to the write-ahead log in {@code storage.data-dir/wal} before acking it
   * (default true); false keeps batches in memory only (a crash loses them; for benchmarks and throwaway setups).
   */
  public boolean wal() { return wal; }

  /** {@code storage.fsync}: {@code always} (default) or {@code interval}; both ack only fsynced batches. */
  public Fsync fsync() { return fsync; }

  /** {@code storage.fsync-interval}: minimum spacing of fsyncs under {@code storage.fsync: interval}. */
  public Duration fsyncInterval() { return fsyncInterval; }

  /** {@code storage.wal-retention}: closed WAL segments older than this are deleted. */
  public Duration walRetention() { return walRetention; }

  /** {@code storage.wal-max-bytes}: oldest closed WAL segments are deleted beyond this total size. */
  public long walMaxBytes() { return walMaxBytes; }

  /**
   * {@code storage.min-free-bytes}: the WAL refuses batches (agents keep them) while less than this is free on the
   * data directory's file system; 0 refuses only when a write fails.
   */
  public long minFreeBytes() { return minFreeBytes; }

  /** {@code storage.snapshot-interval}: how often the store is snapshotted next to the WAL. */
  public Duration snapshotInterval() { return snapshotInterval; }

  /** {@code metrics.agent-series}: also expose the series received from agents on {@code /metrics}. */
  public boolean agentSeries() { return agentSeries; }

  /** {@code metrics.agent-series-prefix}: put before the agents' metric names on {@code /metrics} (default none). */
  public String agentSeriesPrefix() { return agentSeriesPrefix; }

  /** {@code metrics.max-agent-series}: at most this many agent series per scrape. */
  public int maxAgentSeries() { return maxAgentSeries; }

  /** Every key with its value as text, in documentation order (the form {@code --check-config} prints). */
  public java.util.Map<String, String> values() {
    java.util.Map<String, String> v = new java.util.LinkedHashMap<>();
    v.put(ConfigKeys.INGEST_ADDRESS, ingestAddress.toString());
    v.put(ConfigKeys.INGEST_MAX_FRAME_BYTES, Integer.toString(maxFrameBytes));
    v.put(ConfigKeys.INGEST_HANDSHAKE_TIMEOUT, Durations.format(handshakeTimeout));
    v.put(ConfigKeys.INGEST_IDLE_TIMEOUT, Durations.format(idleTimeout));
    v.put(ConfigKeys.INGEST_MAX_SERIES_PER_CONNECTION, Integer.toString(maxSeriesPerConnection));
    v.put(ConfigKeys.INGEST_MAX_SERIES_PER_AGENT, Integer.toString(maxSeriesPerAgent));
    v.put(ConfigKeys.INGEST_MAX_CONNECTIONS, Integer.toString(maxConnections));
    v.put(ConfigKeys.INGEST_MAX_BYTES_PER_SECOND, Long.toString(maxBytesPerSecond));
    v.put(ConfigKeys.INGEST_TRANSPORT, ingestTransport.toString());
    v.put(ConfigKeys.QUERY_ADDRESS, queryAddress.toString());
    v.put(ConfigKeys.QUERY_MAX_REQUEST_BYTES, Integer.toString(queryMaxRequestBytes));
    v.put(ConfigKeys.QUERY_REQUEST_TIMEOUT, Durations.format(queryRequestTimeout));
    v.put(ConfigKeys.QUERY_MAX_PAGE_SIZE, Integer.toString(queryMaxPageSize));
    v.put(ConfigKeys.STORAGE_DATA_DIR, dataDir.toString());
    v.put(ConfigKeys.STORAGE_RETENTION, Durations.format(retention));
    v.put(ConfigKeys.STORAGE_MAX_MEMORY_BYTES, Long.toString(maxMemoryBytes));
    v.put(ConfigKeys.STORAGE_MAX_POINTS_PER_SERIES, Integer.toString(maxPointsPerSeries));
    v.put(ConfigKeys.STORAGE_WAL, Boolean.toString(wal));
    v.put(ConfigKeys.STORAGE_FSYNC, fsync.toString());
    v.put(ConfigKeys.STORAGE_FSYNC_INTERVAL, Durations.format(fsyncInterval));
    v.put(ConfigKeys.STORAGE_WAL_RETENTION, Durations.format(walRetention));
    v.put(ConfigKeys.STORAGE_WAL_MAX_BYTES, Long.toString(walMaxBytes));
    v.put(ConfigKeys.STORAGE_MIN_FREE_BYTES, Long.toString(minFreeBytes));
    v.put(ConfigKeys.STORAGE_SNAPSHOT_INTERVAL, Durations.format(snapshotInterval));
    v.put(ConfigKeys.METRICS_AGENT_SERIES, Boolean.toString(agentSeries));
    v.put(ConfigKeys.METRICS_AGENT_SERIES_PREFIX, agentSeriesPrefix);
    v.put(ConfigKeys.METRICS_MAX_AGENT_SERIES, Integer.toString(maxAgentSeries));
    return v;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    values().forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return s.toString();
  }

  /** Builds a {@link CollectorConfig}; every setter validates and names its key on failure. */
  public static final class Builder {
    private Endpoint ingestAddress = DEFAULT_INGEST_ADDRESS;
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxSeriesPerConnection = DEFAULT_MAX_SERIES_PER_CONNECTION;
    private int maxSeriesPerAgent = DEFAULT_MAX_SERIES_PER_AGENT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private long maxBytesPerSecond = DEFAULT_MAX_BYTES_PER_SECOND;
    private IngestTransport ingestTransport = IngestTransport.AUTO;
    private Endpoint queryAddress = DEFAULT_QUERY_ADDRESS;
    private int queryMaxRequestBytes = DEFAULT_QUERY_MAX_REQUEST_BYTES;
    private Duration queryRequestTimeout = DEFAULT_QUERY_REQUEST_TIMEOUT;
    private int queryMaxPageSize = DEFAULT_QUERY_MAX_PAGE_SIZE;
    private Path dataDir = DEFAULT_DATA_DIR;
    private Duration retention = DEFAULT_RETENTION;
    private long maxMemoryBytes = DEFAULT_MAX_MEMORY_BYTES;
    private int maxPointsPerSeries = DEFAULT_MAX_POINTS_PER_SERIES;
    private boolean wal = DEFAULT_WAL;
    private Fsync fsync = DEFAULT_FSYNC;
    private Duration fsyncInterval = DEFAULT_FSYNC_INTERVAL;
    private Duration walRetention = DEFAULT_WAL_RETENTION;
    private long walMaxBytes = DEFAULT_WAL_MAX_BYTES;
    private boolean agentSeries;
    private String agentSeriesPrefix = "";
    private int maxAgentSeries = DEFAULT_MAX_AGENT_SERIES;
    private long minFreeBytes = DEFAULT_MIN_FREE_BYTES;
    private Duration snapshotInterval = DEFAULT_SNAPSHOT_INTERVAL;

    private Builder() {}

    public Builder agentSeries(boolean v) {
      agentSeries = v;
      return this;
    }

    public Builder agentSeriesPrefix(String v) {
      Objects.requireNonNull(v, "agentSeriesPrefix");
      if (!v.isEmpty() && !v.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
        throw ConfigException.invalid(ConfigKeys.METRICS_AGENT_SERIES_PREFIX, v,
            "empty or letters, digits and underscores, not starting with a digit (e.g. fleet_)");
      }
      agentSeriesPrefix = v;
      return this;
    }

    public Builder maxAgentSeries(long v) {
      maxAgentSeries = (int) range(ConfigKeys.METRICS_MAX_AGENT_SERIES, v, 1, 10_000_000);
      return this;
    }

    public Builder ingestAddress(Endpoint v) {
      ingestAddress = Objects.requireNonNull(v, "ingestAddress");
      return this;
    }

    public Builder maxFrameBytes(long v) {
      maxFrameBytes = (int) range(ConfigKeys.INGEST_MAX_FRAME_BYTES, v, 64, Protocol.DEFAULT_MAX_FRAME_BYTES);
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      handshakeTimeout = positive(ConfigKeys.INGEST_HANDSHAKE_TIMEOUT, v);
      return this;
    }

    public Builder idleTimeout(Duration v) {
      idleTimeout = positive(ConfigKeys.INGEST_IDLE_TIMEOUT, v);
      return this;
    }

    public Builder maxSeriesPerConnection(long v) {
      maxSeriesPerConnection = (int) range(ConfigKeys.INGEST_MAX_SERIES_PER_CONNECTION, v, 1, 10_000_000);
      return this;
    }

    public Builder maxSeriesPerAgent(long v) {
      maxSeriesPerAgent = (int) range(ConfigKeys.INGEST_MAX_SERIES_PER_AGENT, v, 1, 10_000_000);
      return this;
    }

    public Builder maxConnections(long v) {
      maxConnections = (int) range(ConfigKeys.INGEST_MAX_CONNECTIONS, v, 1, 1_000_000);
      return this;
    }

    public Builder maxBytesPerSecond(long v) {
      maxBytesPerSecond = range(ConfigKeys.INGEST_MAX_BYTES_PER_SECOND, v, 1024, Long.MAX_VALUE);
      return this;
    }

    public Builder ingestTransport(IngestTransport v) {
      ingestTransport = Objects.requireNonNull(v, "ingestTransport");
      return this;
    }

    public Builder queryAddress(Endpoint v) {
      queryAddress = Objects.requireNonNull(v, "queryAddress");
      return this;
    }

    public Builder queryMaxRequestBytes(long v) {
      queryMaxRequestBytes = (int) range(ConfigKeys.QUERY_MAX_REQUEST_BYTES, v, 1024, 16L * 1024 * 1024);
      return this;
    }

    public Builder queryRequestTimeout(Duration v) {
      queryRequestTimeout = positive(ConfigKeys.QUERY_REQUEST_TIMEOUT, v);
      return this;
    }

    public Builder queryMaxPageSize(long v) {
      queryMaxPageSize = (int) range(ConfigKeys.QUERY_MAX_PAGE_SIZE, v, 1, 1_000_000);
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = Objects.requireNonNull(v, "dataDir");
      return this;
    }

    public Builder retention(Duration v) {
      retention = positive(ConfigKeys.STORAGE_RETENTION, v);
      return this;
    }

    public Builder maxMemoryBytes(long v) {
      maxMemoryBytes = range(ConfigKeys.STORAGE_MAX_MEMORY_BYTES, v, 1024 * 1024, Long.MAX_VALUE);
      return this;
    }

    public Builder maxPointsPerSeries(long v) {
      maxPointsPerSeries = (int) range(ConfigKeys.STORAGE_MAX_POINTS_PER_SERIES, v, 2, 100_000_000);
      return this;
    }

    public Builder wal(boolean v) {
      wal = v;
      return this;
    }

    public Builder fsync(Fsync v) {
      fsync = Objects.requireNonNull(v, "fsync");
      return this;
    }

    public Builder fsyncInterval(Duration v) {
      fsyncInterval = positive(ConfigKeys.STORAGE_FSYNC_INTERVAL, v);
      return this;
    }

    public Builder walRetention(Duration v) {
      walRetention = positive(ConfigKeys.STORAGE_WAL_RETENTION, v);
      return this;
    }

    public Builder walMaxBytes(long v) {
      walMaxBytes = range(ConfigKeys.STORAGE_WAL_MAX_BYTES, v, 1024 * 1024, Long.MAX_VALUE);
      return this;
    }

    public Builder minFreeBytes(long v) {
      minFreeBytes = range(ConfigKeys.STORAGE_MIN_FREE_BYTES, v, 0, Long.MAX_VALUE);
      return this;
    }

    public Builder snapshotInterval(Duration v) {
      snapshotInterval = positive(ConfigKeys.STORAGE_SNAPSHOT_INTERVAL, v);
      return this;
    }

    public CollectorConfig build() {
      return new CollectorConfig(this);
    }

    private static long range(String key, long v, long min, long max) {
      if (v < min || v > max) {
        throw ConfigException.invalid(key, Long.toString(v),
            max == Long.MAX_VALUE ? "at least " + min : "a value between " + min + " and " + max);
      }
      return v;
    }

    private static Duration positive(String key, Duration v) {
      if (v.isNegative() || v.isZero()) {
        throw ConfigException.invalid(key, Durations.format(v), "a positive duration");
      }
      return v;
    }
  }
}
