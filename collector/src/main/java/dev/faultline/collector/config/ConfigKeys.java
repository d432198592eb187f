package dev.faultline.collector.config;

/** The dotted configuration keys, as written in the YAML file ({@code section: {key: value}}) and in messages. */
public final class ConfigKeys {

  public static final String INGEST_ADDRESS = "ingest.address";
  public static final String INGEST_MAX_FRAME_BYTES = "ingest.max-frame-bytes";
  public static final String INGEST_HANDSHAKE_TIMEOUT = "ingest.handshake-timeout";
  public static final String INGEST_IDLE_TIMEOUT = "ingest.idle-timeout";
  public static final String INGEST_MAX_SERIES_PER_CONNECTION = "ingest.max-series-per-connection";
  public static final String INGEST_MAX_SERIES_PER_AGENT = "ingest.max-series-per-agent";
  public static final String INGEST_MAX_CONNECTIONS = "ingest.max-connections";
  public static final String INGEST_MAX_BYTES_PER_SECOND = "ingest.max-bytes-per-second";
  public static final String INGEST_TRANSPORT = "ingest.transport";
  public static final String QUERY_ADDRESS = "query.address";
  public static final String QUERY_MAX_REQUEST_BYTES = "query.max-request-bytes";
  public static final String QUERY_REQUEST_TIMEOUT = "query.request-timeout";
  public static final String QUERY_MAX_PAGE_SIZE = "query.max-page-size";
  public static final String STORAGE_DATA_DIR = "storage.data-dir";
  public static final String STORAGE_RETENTION = "storage.retention";
  public static final String STORAGE_MAX_MEMORY_BYTES = "storage.max-memory-bytes";
  public static final String STORAGE_MAX_POINTS_PER_SERIES = "storage.max-points-per-series";
  public static final String STORAGE_WAL = "storage.wal";
  public static final String STORAGE_FSYNC = "storage.fsync";
  public static final String STORAGE_FSYNC_INTERVAL = "storage.fsync-interval";
  public static final String STORAGE_WAL_RETENTION = "storage.wal-retention";
  public static final String STORAGE_WAL_MAX_BYTES = "storage.wal-max-bytes";
  public static final String METRICS_AGENT_SERIES = "metrics.agent-series";
  public static final String METRICS_AGENT_SERIES_PREFIX = "metrics.agent-series-prefix";
  public static final String METRICS_MAX_AGENT_SERIES = "metrics.max-agent-series";
  public static final String STORAGE_MIN_FREE_BYTES = "storage.min-free-bytes";
  public static final String STORAGE_SNAPSHOT_INTERVAL = "storage.snapshot-interval";

  private ConfigKeys() {}
}
