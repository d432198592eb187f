package dev.faultline.agent.instrument;

import dev.faultline.agent.instrument.methods.MethodPattern;
import java.util.Objects;
import java.util.Set;

/**
 * What to instrument and how much to keep. Immutable; built by the agent's configuration.
 *
 * <pre>{@code
 * InstrumentationSettings settings = InstrumentationSettings.builder("checkout")
 *     .disable(InstrumentationSettings.JDBC)       // per-library kill switch
 *     .maxEndpoints(100)
 *     .build();
 * }</pre>
 */
public final class InstrumentationSettings {

  /** Library names for {@link Builder#disable}. */
  public static final String HTTP_SERVER = "httpserver";
  public static final String URL_CONNECTION = "urlconnection";
  public static final String HTTP_CLIENT = "httpclient";
  public static final String JDBC = "jdbc";
  /** Context propagation across executors (records nothing). */
  public static final String EXECUTOR = "executor";
  /** {@code javax.servlet} and {@code jakarta.servlet} {@code HttpServlet}s. */
  public static final String SERVLET = "servlet";
  /** Apache HttpClient 4 and 5 (classic). */
  public static final String APACHE_HTTP_CLIENT = "apachehttpclient";
  /** Apache HttpClient 5 async and HttpAsyncClient 4 ({@code CloseableHttpAsyncClient}). */
  public static final String APACHE_ASYNC_CLIENT = "apacheasyncclient";
  public static final String OKHTTP = "okhttp";
  /** The application's own Netty: {@code HttpServerCodec}. */
  public static final String NETTY = "netty";
  /** ERROR-level events of Logback, Log4j 2 and java.util.logging, counted per message template. */
  public static final String LOGS = "logs";
  /** Methods chosen by {@link Builder#methods}; installed only when some are. */
  public static final String METHODS = "methods";
  /** Every library name, in installation order: the values {@link Builder#disable} accepts. */
  public static final java.util.List<String> LIBRARIES = java.util.List.of(HTTP_SERVER, SERVLET, NETTY, URL_CONNECTION,
      HTTP_CLIENT, APACHE_HTTP_CLIENT, APACHE_ASYNC_CLIENT, OKHTTP, JDBC, EXECUTOR, LOGS, METHODS);

  public static final int DEFAULT_MAX_ENDPOINTS = 100;
  public static final int DEFAULT_MAX_EDGES = 100;
  public static final int DEFAULT_MAX_EXCEPTION_KEYS = 200;

  private final String service;
  private final boolean enabled;
  private final Set<String> disabled;
  private final int maxEndpoints;
  private final int maxEdges;
  private final int maxExceptionKeys;
  private final java.util.List<MethodPattern> methods;

  private InstrumentationSettings(Builder builder) {
    this.service = builder.service;
    this.enabled = builder.enabled;
    this.disabled = Set.copyOf(builder.disabled);
    this.maxEndpoints = builder.maxEndpoints;
    this.maxEdges = builder.maxEdges;
    this.maxExceptionKeys = builder.maxExceptionKeys;
    this.methods = java.util.List.copyOf(builder.methods);
  }

  /** A builder for the service named {@code service} (sent as {@code x-faultline-caller}). */
  public static Builder builder(String service) {
    return new Builder(service);
  }

  public String service() {
    return service;
  }

  /** The global kill switch: false installs nothing. */
  public boolean enabled() {
    return enabled;
  }

  /** Whether library {@code name} is to be instrumented (global switch on and not disabled). */
  public boolean enabled(String name) {
    return enabled && !disabled.contains(name);
  }

  public int maxEndpoints() {
    return maxEndpoints;
  }

  public int maxEdges() {
    return maxEdges;
  }

  public int maxExceptionKeys() {
    return maxExceptionKeys;
  }

  /** The methods to time (library {@link #METHODS}); empty by default. */
  public java.util.List<MethodPattern> methods() {
    return methods;
  }

  /** Builder; defaults: enabled, nothing disabled, caps {@value #DEFAULT_MAX_ENDPOINTS} endpoints, {@value
   * #DEFAULT_MAX_EDGES} edges, {@value #DEFAULT_MAX_EXCEPTION_KEYS} exception keys. */
  public static final class Builder {
    private final String service;
    private boolean enabled = true;
    private final java.util.HashSet<String> disabled = new java.util.HashSet<>();
    private int maxEndpoints = DEFAULT_MAX_ENDPOINTS;
    private int maxEdges = DEFAULT_MAX_EDGES;
    private int maxExceptionKeys = DEFAULT_MAX_EXCEPTION_KEYS;
    private java.util.List<MethodPattern> methods = java.util.List.of();

    private Builder(String service) {
      this.service = Objects.requireNonNull(service, "service");
    }

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Turns off one library (one of {@link #LIBRARIES}).
     */
    public Builder disable(String library) {
      disabled.add(Objects.requireNonNull(library, "library"));
      return this;
    }

    public Builder maxEndpoints(int maxEndpoints) {
      this.maxEndpoints = atLeastOne(maxEndpoints, "maxEndpoints");
      return this;
    }

    public Builder maxEdges(int maxEdges) {
      this.maxEdges = atLeastOne(maxEdges, "maxEdges");
      return this;
    }

    public Builder maxExceptionKeys(int maxExceptionKeys) {
      this.maxExceptionKeys = atLeastOne(maxExceptionKeys, "maxExceptionKeys");
      return this;
    }

    /** Times the methods matching {@code patterns} like endpoints. */
    public Builder methods(java.util.List<MethodPattern> patterns) {
      this.methods = java.util.List.copyOf(patterns);
      return this;
    }

    public InstrumentationSettings build() {
      return new InstrumentationSettings(this);
    }

    private static int atLeastOne(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }
  }
}
