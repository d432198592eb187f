package dev.faultline.common;

/**
 * The metric names the agent and host probe report: part of Faultline's public interface
 * (documented in the README). Service-level names match the scenario format of the root-cause analysis.
 */
public final class MetricNames {

  // JVM, per service instance
  public static final String JVM_HEAP_USED_BYTES = "jvm_heap_used_bytes";
  public static final String JVM_HEAP_COMMITTED_BYTES = "jvm_heap_committed_bytes";
  public static final String JVM_HEAP_MAX_BYTES = "jvm_heap_max_bytes";
  public static final String JVM_NONHEAP_USED_BYTES = "jvm_nonheap_used_bytes";
  /** Labelled {@code gc}: the collector name. */
  public static final String JVM_GC_COLLECTIONS_TOTAL = "jvm_gc_collections_total";
  /** Labelled {@code gc}. */
  public static final String JVM_GC_TIME_SECONDS_TOTAL = "jvm_gc_time_seconds_total";
  /** Share of wall time spent in GC over the last interval, all collectors. */
  public static final String JVM_GC_TIME_RATIO = "jvm_gc_time_ratio";
  public static final String JVM_THREADS_LIVE = "jvm_threads_live";
  public static final String JVM_THREADS_DAEMON = "jvm_threads_daemon";
  public static final String JVM_THREADS_PEAK = "jvm_threads_peak";
  public static final String JVM_CLASSES_LOADED = "jvm_classes_loaded";
  public static final String PROCESS_UPTIME_SECONDS = "process_uptime_seconds";
  /** Process CPU over the last interval, as a share of all cores of the host (0..1). */
  public static final String CPU_USAGE_RATIO = "cpu_usage_ratio";
  /** Heap used as a share of the maximum heap (0..1). */
  public static final String MEMORY_USAGE_RATIO = "memory_usage_ratio";
  /**
   * Busy threads as a share of the pool's maximum size (0..1), averaged over the interval, of the busiest bounded
   * {@code ThreadPoolExecutor} the JVM has submitted tasks to and that completed a task in the interval (a pool
   * kept busy by a long-running loop is not a queue); executor instrumentation on.
   */
  public static final String THREAD_POOL_BUSY_RATIO = "thread_pool_busy_ratio";

  // Host, from the host probe
  public static final String HOST_CPU_USAGE_RATIO = "host_cpu_usage_ratio";
  public static final String HOST_LOAD1 = "host_load1";
  public static final String HOST_LOAD5 = "host_load5";
  public static final String HOST_LOAD15 = "host_load15";
  public static final String HOST_MEMORY_USED_BYTES = "host_memory_used_bytes";
  public static final String HOST_MEMORY_TOTAL_BYTES = "host_memory_total_bytes";
  public static final String HOST_MEMORY_USAGE_RATIO = "host_memory_usage_ratio";
  public static final String HOST_SWAP_USED_BYTES = "host_swap_used_bytes";
  public static final String HOST_SWAP_TOTAL_BYTES = "host_swap_total_bytes";
  /** Labelled {@code device}. */
  public static final String HOST_DISK_READ_BYTES_PER_SECOND = "host_disk_read_bytes_per_second";
  /** Labelled {@code device}. */
  public static final String HOST_DISK_WRITE_BYTES_PER_SECOND = "host_disk_write_bytes_per_second";
  /** Labelled {@code mount}. */
  public static final String HOST_FILESYSTEM_USED_BYTES = "host_filesystem_used_bytes";
  /** Labelled {@code mount}. */
  public static final String HOST_FILESYSTEM_USAGE_RATIO = "host_filesystem_usage_ratio";
  /** Labelled {@code interface}. */
  public static final String HOST_NETWORK_RECEIVE_BYTES_PER_SECOND = "host_network_receive_bytes_per_second";
  /** Labelled {@code interface}. */
  public static final String HOST_NETWORK_TRANSMIT_BYTES_PER_SECOND = "host_network_transmit_bytes_per_second";
  /** Receive and transmit errors, labelled {@code interface}. */
  public static final String HOST_NETWORK_ERRORS_PER_SECOND = "host_network_errors_per_second";

  // Service level, from the agent's instrumentation. Unlabelled: the whole service; labelled {@code endpoint}
  // (e.g. "GET /users/{id}", or "OTHER" past the endpoint cap): one endpoint.
  /** Requests per second over the last interval. */
  public static final String REQUEST_RATE = "request_rate";
  /** Requests that failed (5xx or an exception escaping the handler) as a share of all requests (0..1). */
  public static final String ERROR_RATIO = "error_ratio";
  public static final String LATENCY_P50_SECONDS = "latency_p50_seconds";
  public static final String LATENCY_P90_SECONDS = "latency_p90_seconds";
  public static final String LATENCY_P99_SECONDS = "latency_p99_seconds";
  /** The latency distribution (a HistogramSample, encoding "hdr-v2", values in nanoseconds). */
  public static final String LATENCY_SECONDS = "latency_seconds";
  /**
   * Requests in flight at the service's server side (JDK HttpServer, servlet), mean over the last interval, time
   * weighted: requests being served plus those waiting inside the server for a pool. Unlabelled only. By Little's
   * law, rate x mean latency; it keeps rising past the point where a pool's busy share stops at 100%.
   */
  public static final String REQUESTS_IN_FLIGHT = "requests_in_flight";
  /** The most requests in flight at once during the last interval (see {@link #REQUESTS_IN_FLIGHT}). */
  public static final String REQUESTS_IN_FLIGHT_MAX = "requests_in_flight_max";
  /** Database calls per second, labelled {@code callee} (e.g. "db:postgresql://db:5432/shop") and {@code operation}. */
  public static final String DB_CALL_RATE = "db_call_rate";
  /**
   * Calls per second this service made to another instrumented service, measured at the caller, labelled {@code
   * callee} (the service name); with {@link #CLIENT_LATENCY_P50_SECONDS} and {@link #CLIENT_LATENCY_P99_SECONDS}
   * (only where there were calls). The performance models' callee-latency features read them.
   */
  public static final String CLIENT_CALL_RATE = "client_call_rate";
  public static final String CLIENT_LATENCY_P50_SECONDS = "client_latency_p50_seconds";
  public static final String CLIENT_LATENCY_P99_SECONDS = "client_latency_p99_seconds";

  // Agent self-reporting
  public static final String AGENT_DROPPED_BATCHES_TOTAL = "faultline_agent_dropped_batches_total";
  /** How often the agent moved to another collector of its failover list (agent option {@code collector}). */
  public static final String AGENT_COLLECTOR_SWITCHES_TOTAL = "faultline_agent_collector_switches_total";
  /**
   * The most bytes the agent's unacknowledged-batch buffer has held since start (agent option {@code buffer-bytes}):
   * shows that an outage never grew the agent's memory beyond its bound.
   */
  public static final String AGENT_BUFFER_HIGH_WATER_BYTES = "faultline_agent_buffer_high_water_bytes";

  private MetricNames() {}
}
