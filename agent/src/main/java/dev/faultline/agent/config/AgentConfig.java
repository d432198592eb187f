package dev.faultline.agent.config;

import dev.faultline.agent.instrument.methods.MethodPattern;
import dev.faultline.common.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The agent's settings, fixed at start-up. Built by {@link AgentConfigLoader} from the agent's sources, or by
 * {@link #builder()} in tests and in the host probe command.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.builder().service("checkout").collectors(List.of(Endpoint.parse("127.0.0.1:9470"))).build();
 * }</pre>
 *
 * {@link #toString()} never shows the token.
 */
public final class AgentConfig {

  /** Default collector, the collector's default ingest port on this host. */
  public static final Endpoint DEFAULT_COLLECTOR = new Endpoint("127.0.0.1", Protocol.DEFAULT_INGEST_PORT);
  /** Default reporting interval: 10 s. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  /** Default cap of encoded, unacknowledged batches kept for resending: 8 MiB. */
  public static final long DEFAULT_BUFFER_BYTES = 8L << 20;
  /** Smallest accepted interval; shorter ones would turn the agent into load. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  private final boolean enabled;
  private final List<Endpoint> collectors;
  private final String service;
  private final String instance;
  private final String host;
  private final Duration interval;
  private final long bufferBytes;
  private final boolean hostMetrics;
  private final String hostMetricsNote;
  private final boolean instrumentation;
  private final Set<String> instrumentationDisabled;
  private final List<MethodPattern> instrumentationMethods;
  private final String token;
  private final TlsOptions tls;

  private AgentConfig(Builder b) {
    this.enabled = b.enabled;
    this.collectors = List.copyOf(b.collectors);
    this.service = Objects.requireNonNull(b.service, "service");
    this.host = Objects.requireNonNull(b.host, "host");
    this.instance = b.instance != null ? b.instance : service + "@" + host + ":" + ProcessHandle.current().pid();
    this.interval = Objects.requireNonNull(b.interval, "interval");
    this.bufferBytes = b.bufferBytes;
    this.hostMetrics = b.hostMetrics;
    this.hostMetricsNote = b.hostMetricsNote == null ? "" : b.hostMetricsNote;
    this.instrumentation = b.instrumentation;
    this.instrumentationDisabled = Set.copyOf(b.instrumentationDisabled);
    this.instrumentationMethods = List.copyOf(b.instrumentationMethods);
    this.token = b.token == null ? "" : b.token;
    this.tls = Objects.requireNonNull(b.tls, "tls");
    if (collectors.isEmpty()) {
      throw new IllegalArgumentException("collectors must not be empty");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** False when the kill switch {@code enabled=false} is set: the agent then does nothing at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Collector addresses in failover order; never empty. */
  public List<Endpoint> collectors() {
    return collectors;
  }

  public String service() {
    return service;
  }

  public String instance() {
    return instance;
  }

  public String host() {
    return host;
  }

  public Duration interval() {
    return interval;
  }

  public long bufferBytes() {
    return bufferBytes;
  }

  public boolean hostMetrics() {
    return hostMetrics;
  }

  /**
   * Why host metrics are off although nobody configured {@code host-metrics=false} (JDK 24+ without native access
   * for the unnamed module); empty otherwise. Shown in the start-up line.
   */
  public String hostMetricsNote() {
    return hostMetricsNote;
  }

  /** The global instrumentation kill switch: false installs no byte-code instrumentation at all. */
  public boolean instrumentation() {
    return instrumentation;
  }

  /** Libraries not to instrument ({@code httpserver}, {@code urlconnection}, {@code httpclient}, ...). */
  public Set<String> instrumentationDisabled() {
    return instrumentationDisabled;
  }

  /** Methods to time like endpoints ({@code instrumentation.methods}); empty by default. */
  public List<MethodPattern> instrumentationMethods() {
    return instrumentationMethods;
  }

  /** The auth token, empty when none; never log it. */
  public String token() {
    return token;
  }

  /** TLS to the collector; {@link TlsOptions#OFF} by default. */
  public TlsOptions tls() {
    return tls;
  }

  @Override
  public String toString() {
    return "AgentConfig{enabled=" + enabled + ", collectors=" + collectors + ", service=" + service
        + ", instance=" + instance + ", host=" + host + ", interval=" + interval + ", bufferBytes=" + bufferBytes
        + ", hostMetrics=" + hostMetrics + ", instrumentation=" + instrumentation + ", instrumentationDisabled="
        + new java.util.TreeSet<>(instrumentationDisabled) + ", instrumentationMethods=" + instrumentationMethods
        + ", token=" + (token.isEmpty() ? "none" : "set") + ", tls=" + tls + "}";
  }

  /** Builder with the documented defaults; {@code service} and {@code host} have no default here. */
  public static final class Builder {
    private boolean enabled = true;
    private List<Endpoint> collectors = List.of(DEFAULT_COLLECTOR);
    private String service;
    private String instance;
    private String host;
    private Duration interval = DEFAULT_INTERVAL;
    private long bufferBytes = DEFAULT_BUFFER_BYTES;
    private boolean hostMetrics = true;
    private String hostMetricsNote = "";
    private boolean instrumentation = true;
    private Set<String> instrumentationDisabled = Set.of();
    private List<MethodPattern> instrumentationMethods = List.of();
    private String token = "";
    private TlsOptions tls = TlsOptions.OFF;

    private Builder() {}

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public Builder collectors(List<Endpoint> collectors) {
      this.collectors = Objects.requireNonNull(collectors, "collectors");
      return this;
    }

    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /** Null means the default {@code service@host:pid}. */
    public Builder instance(String instance) {
      this.instance = instance;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    public Builder bufferBytes(long bufferBytes) {
      this.bufferBytes = bufferBytes;
      return this;
    }

    public Builder hostMetrics(boolean hostMetrics) {
      this.hostMetrics = hostMetrics;
      return this;
    }

    /** Why host metrics are off by default here (for the start-up line); empty or null when not. */
    public Builder hostMetricsNote(String note) {
      this.hostMetricsNote = note;
      return this;
    }

    public Builder instrumentation(boolean instrumentation) {
      this.instrumentation = instrumentation;
      return this;
    }

    public Builder instrumentationDisabled(Set<String> libraries) {
      this.instrumentationDisabled = Objects.requireNonNull(libraries, "libraries");
      return this;
    }

    public Builder instrumentationMethods(List<MethodPattern> patterns) {
      this.instrumentationMethods = Objects.requireNonNull(patterns, "patterns");
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder tls(TlsOptions tls) {
      this.tls = tls;
      return this;
    }

    public AgentConfig build() {
      return new AgentConfig(this);
    }
  }
}
