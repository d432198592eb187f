package dev.faultline.agent.config;

import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.methods.MethodPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the {@link AgentConfig} once at start-up. Each key is looked up in this order, first found wins:
 *
 * <ol>
 *   <li>agent arguments: {@code -javaagent:faultline-agent.jar=collector=10.0.0.5:9470,service=checkout}</li>
 *   <li>system properties: {@code -Dfaultline.collector=10.0.0.5:9470}</li>
 *   <li>environment: {@code FAULTLINE_COLLECTOR=10.0.0.5:9470} ({@code buffer-bytes} is {@code FAULTLINE_BUFFER_BYTES})</li>
 *   <li>the default</li>
 * </ol>
 *
 * Keys: {@code enabled} (true), {@code collector} (127.0.0.1:9470; a comma-separated list is a failover list),
 * {@code service} (from the main jar or class), {@code instance} (service@host:pid), {@code host} (the host name),
 * {@code interval} (10s), {@code buffer-bytes} (8MiB), {@code host-metrics} (true; false on JDK 24+ without
 * {@code --enable-native-access=ALL-UNNAMED}, see {@link #hostMetricsOffNote(int, List)}), {@code instrumentation}
 * (true), {@code instrumentation.disabled} (none; e.g. {@code jdbc,httpclient}), {@code instrumentation.methods}
 * (none; e.g. {@code com.acme.OrderService#place,com.acme.*Repository#find*}), {@code token} (none),
 * {@code token-file} (none; the token from the first line of this file, which wins over {@code token} and keeps it
 * out of command lines), {@code tls} (false; true when a {@code tls-*} file is given), {@code tls-ca-file} (the
 * JDK's trust store), {@code tls-cert-file} and {@code tls-key-file} (none; a client certificate for mutual TLS). The
 * environment name of {@code instrumentation.disabled} is {@code FAULTLINE_INSTRUMENTATION_DISABLED}.
 *
 * <p>In agent arguments a comma-separated item without {@code =} continues the previous value, so
 * {@code collector=a:9470,b:9470,service=x} names two collectors. A bad value or an unknown key (in the agent
 * arguments or a {@code faultline.*} system property) produces one warning line naming the key, and the default is
 * used; loading never throws. Unknown {@code FAULTLINE_*} environment variables are ignored because the collector
 * and scripts share that prefix.
 */
public final class AgentConfigLoader {

  static final String ENABLED = "enabled";
  static final String COLLECTOR = "collector";
  static final String SERVICE = "service";
  static final String INSTANCE = "instance";
  static final String HOST = "host";
  static final String INTERVAL = "interval";
  static final String BUFFER_BYTES = "buffer-bytes";
  static final String HOST_METRICS = "host-metrics";
  static final String TOKEN = "token";
  static final String TOKEN_FILE = "token-file";
  static final String TLS = "tls";
  static final String TLS_CA_FILE = "tls-ca-file";
  static final String TLS_CERT_FILE = "tls-cert-file";
  static final String TLS_KEY_FILE = "tls-key-file";
  static final String INSTRUMENTATION = "instrumentation";
  static final String INSTRUMENTATION_DISABLED = "instrumentation.disabled";
  static final String INSTRUMENTATION_METHODS = "instrumentation.methods";
  static final List<String> KEYS = List.of(ENABLED, COLLECTOR, SERVICE, INSTANCE, HOST, INTERVAL, BUFFER_BYTES,
      HOST_METRICS, INSTRUMENTATION, INSTRUMENTATION_DISABLED, INSTRUMENTATION_METHODS, TOKEN, TOKEN_FILE, TLS,
      TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE);
  /** Library names accepted by {@code instrumentation.disabled} (the instrumentation's kill-switch names). */
  static final List<String> LIBRARIES = InstrumentationSettings.LIBRARIES;
  /** First JDK that warns when a class-path library (JNA) calls a restricted method without native access. */
  public static final int FIRST_WARNING_JDK = 24;

  private static final String PROPERTY_PREFIX = "faultline.";
  private static final String ENV_PREFIX = "FAULTLINE_";

  private final Map<String, String> agentArgs;
  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final Consumer<String> warn;
  private String hostMetricsOffNote = "";

  /**
   * @param agentArgs the raw agent argument string, may be null
   * @param properties system properties (only {@code faultline.*} entries are read)
   * @param environment environment variables (only {@code FAULTLINE_*} entries are read)
   * @param warn receives one line per problem
   */
  public AgentConfigLoader(String agentArgs, Map<String, String> properties, Map<String, String> environment,
      Consumer<String> warn) {
    this.warn = warn;
    this.agentArgs = parseAgentArgs(agentArgs);
    this.properties = properties;
    this.environment = environment;
  }

  /** Loads from the real system properties and environment of this JVM. */
  public static AgentConfig fromSystem(String agentArgs, Consumer<String> warn, Supplier<String> hostName) {
    Map<String, String> props = new LinkedHashMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    AgentConfigLoader loader = new AgentConfigLoader(agentArgs, props, System.getenv(), warn);
    int javaFeature = Runtime.version().feature();
    // The JVM's arguments only where the note depends on them: reading them loads java.lang.management (30-60 ms
    // of CPU on the start-up thread, before the instrumentation is installed), for nothing before JDK 24.
    loader.hostMetricsOffNote = javaFeature < FIRST_WARNING_JDK ? "" : hostMetricsOffNote(javaFeature,
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    return loader.load(props.get("sun.java.command"), hostName);
  }

  /**
   * Sets why host metrics default to off in this JVM (see {@link #hostMetricsOffNote(int, List)}); empty keeps
   * the default on. Returns this loader.
   */
  public AgentConfigLoader hostMetricsOffNote(String note) {
    this.hostMetricsOffNote = note == null ? "" : note;
    return this;
  }

  /**
   * Why host metrics must default to off in an application JVM, or empty when they may stay on. On JDK 24+ the
   * JDK prints a five-line "restricted method" warning into the application's stderr when JNA (class path,
   * unnamed module) first calls native code, unless {@code --enable-native-access=ALL-UNNAMED} was given; the
   * agent must not put that into the application's output unless someone asked for host metrics explicitly.
   */
  public static String hostMetricsOffNote(int javaFeature, List<String> jvmArguments) {
    if (javaFeature < FIRST_WARNING_JDK) {
      return "";
    }
    for (String arg : jvmArguments) {
      if (arg.startsWith("--enable-native-access=")
          && List.of(arg.substring(arg.indexOf('=') + 1).split(",")).contains("ALL-UNNAMED")) {
        return "";
      }
    }
    return "host metrics off: JDK " + javaFeature + " without --enable-native-access; run `java -jar "
        + "faultline-agent.jar probe` on this host instead";
  }

  /**
   * Returns the configuration; never throws for bad input.
   *
   * @param javaCommand the {@code sun.java.command} value used for the default service name, may be null
   * @param hostName resolves the default host name; called only when no {@code host} is configured
   */
  public AgentConfig load(String javaCommand, Supplier<String> hostName) {
    warnUnknownKeys();
    boolean enabled = value(ENABLED, AgentConfigLoader::parseBoolean, true);
    String service = value(SERVICE, AgentConfigLoader::nonBlank, null);
    String host = value(HOST, AgentConfigLoader::nonBlank, null);
    if (host == null) {
      // A disabled agent must not even wait on a DNS lookup.
      host = enabled ? hostName.get() : "localhost";
    }
    return AgentConfig.builder()
        .enabled(enabled)
        .collectors(value(COLLECTOR, AgentConfigLoader::parseCollectors, List.of(AgentConfig.DEFAULT_COLLECTOR)))
        .service(service != null ? service : ServiceNames.fromCommand(javaCommand))
        .host(host)
        .instance(value(INSTANCE, AgentConfigLoader::nonBlank, null))
        .interval(value(INTERVAL, AgentConfigLoader::parseInterval, AgentConfig.DEFAULT_INTERVAL))
        .bufferBytes(value(BUFFER_BYTES, AgentConfigLoader::parseBufferBytes, AgentConfig.DEFAULT_BUFFER_BYTES))
        .hostMetrics(value(HOST_METRICS, AgentConfigLoader::parseBoolean, hostMetricsOffNote.isEmpty()))
        .hostMetricsNote(raw(HOST_METRICS) == null ? hostMetricsOffNote : "")
        .instrumentation(value(INSTRUMENTATION, AgentConfigLoader::parseBoolean, true))
        .instrumentationDisabled(value(INSTRUMENTATION_DISABLED, AgentConfigLoader::parseLibraries, Set.of()))
        .instrumentationMethods(value(INSTRUMENTATION_METHODS, MethodPattern::parseAll, List.of()))
        .token(token())
        .tls(tls())
        .build();
  }

  /** {@code token-file} when given (read now; a problem is one warning without the content), else {@code token}. */
  private String token() {
    String inline = value(TOKEN, s -> s, "");
    String fromFile = value(TOKEN_FILE, AgentConfigLoader::readToken, null);
    return fromFile != null ? fromFile : inline;
  }

  private TlsOptions tls() {
    java.nio.file.Path ca = value(TLS_CA_FILE, AgentConfigLoader::readableFile, null);
    java.nio.file.Path cert = value(TLS_CERT_FILE, AgentConfigLoader::readableFile, null);
    java.nio.file.Path key = value(TLS_KEY_FILE, AgentConfigLoader::readableFile, null);
    // Configured, even if unusable: a bad tls-* file must never turn TLS off (it fails the handshake instead).
    boolean asked = raw(TLS_CA_FILE) != null || raw(TLS_CERT_FILE) != null || raw(TLS_KEY_FILE) != null;
    boolean enabled = value(TLS, AgentConfigLoader::parseBoolean, asked);
    if ((cert == null) != (key == null)) {
      warn.accept("ignoring " + (cert == null ? TLS_KEY_FILE : TLS_CERT_FILE) + ": " + TLS_CERT_FILE + " and "
          + TLS_KEY_FILE + " go together; no client certificate is presented");
      cert = null;
      key = null;
    }
    return enabled ? new TlsOptions(true, ca, cert, key) : TlsOptions.OFF;
  }

  /** The first line of the file at {@code path}, stripped; throws IllegalArgumentException without the content. */
  public static String readToken(String path) {
    try {
      String token = java.nio.file.Files.readString(java.nio.file.Path.of(path.trim()),
          java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("the file is empty");
      }
      return token;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read " + path.trim() + ": " + e.getClass().getSimpleName());
    }
  }

  static java.nio.file.Path readableFile(String path) {
    java.nio.file.Path p = java.nio.file.Path.of(path.trim());
    if (!java.nio.file.Files.isRegularFile(p) || !java.nio.file.Files.isReadable(p)) {
      throw new IllegalArgumentException("no readable file " + p);
    }
    return p;
  }

  /** The configured raw value of {@code key} from the first source that has it, or null. */
  private String raw(String key) {
    String raw = agentArgs.get(key);
    if (raw == null) {
      raw = properties.get(PROPERTY_PREFIX + key);
    }
    return raw != null ? raw : environment.get(envName(key));
  }

  private <T> T value(String key, Function<String, T> parser, T defaultValue) {
    String source = null;
    String raw = agentArgs.get(key);
    if (raw != null) {
      source = "agent argument";
    } else if ((raw = properties.get(PROPERTY_PREFIX + key)) != null) {
      source = "system property " + PROPERTY_PREFIX + key;
    } else if ((raw = environment.get(envName(key))) != null) {
      source = "environment variable " + envName(key);
    }
    if (raw == null) {
      return defaultValue;
    }
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      String shown = TOKEN.equals(key) ? "<hidden>" : "'" + raw + "'"; // a token-file's path is no secret
      warn.accept("ignoring " + key + "=" + shown + " from " + source + " (" + e.getMessage()
          + "); using the default");
      return defaultValue;
    }
  }

  private void warnUnknownKeys() {
    for (String key : agentArgs.keySet()) {
      if (!KEYS.contains(key)) {
        warn.accept("unknown agent argument '" + key + "' ignored; known keys: " + KEYS);
      }
    }
    for (String name : properties.keySet()) {
      if (name.startsWith(PROPERTY_PREFIX) && !KEYS.contains(name.substring(PROPERTY_PREFIX.length()))) {
        warn.accept("unknown system property '" + name + "' ignored; known keys: " + KEYS);
      }
    }
  }

  static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  private Map<String, String> parseAgentArgs(String args) {
    Map<String, String> out = new LinkedHashMap<>();
    if (args == null || args.isBlank()) {
      return out;
    }
    String lastKey = null;
    for (String item : args.split(",")) {
      int eq = item.indexOf('=');
      if (eq > 0) {
        lastKey = item.substring(0, eq).trim();
        out.put(lastKey, item.substring(eq + 1).trim());
      } else if (lastKey != null && !item.isBlank()) {
        out.put(lastKey, out.get(lastKey) + "," + item.trim());
      } else if (!item.isBlank()) {
        warn.accept("agent argument '" + item.trim() + "' is not key=value; ignored");
      }
    }
    return out;
  }

  static boolean parseBoolean(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
      case "1":
        return true;
      case "false":
      case "no":
      case "off":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException("expected true or false");
    }
  }

  static List<Endpoint> parseCollectors(String s) {
    List<Endpoint> out = new ArrayList<>();
    for (String part : s.split("[,;]")) {
      if (!part.isBlank()) {
        out.add(Endpoint.parse(part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("expected host:port[,host:port...]");
    }
    return out;
  }

  static Set<String> parseLibraries(String s) {
    Set<String> out = new TreeSet<>();
    for (String part : s.split("[,;]")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!LIBRARIES.contains(name)) {
        throw new IllegalArgumentException("unknown library '" + name + "', expected some of " + LIBRARIES);
      }
      out.add(name);
    }
    return out;
  }

  static Duration parseInterval(String s) {
    Duration d = Durations.parse(s);
    if (d.compareTo(AgentConfig.MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("must be at least " + AgentConfig.MIN_INTERVAL.toMillis() + "ms");
    }
    return d;
  }

  static long parseBufferBytes(String s) {
    long bytes = ByteSizes.parse(s);
    if (bytes < 64 * 1024) {
      throw new IllegalArgumentException("must be at least 64k");
    }
    return bytes;
  }

  static String nonBlank(String s) {
    if (s.isBlank()) {
      throw new IllegalArgumentException("must not be blank");
    }
    return s.trim();
  }
}
