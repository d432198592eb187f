package dev.faultline.collector.cli;

import dev.faultline.collector.Collector;
import dev.faultline.collector.CollectorSettings;
import dev.faultline.collector.cluster.ClusterConfig;
import dev.faultline.collector.cluster.ClusterTopics;
import dev.faultline.collector.cluster.InternalHop;
import dev.faultline.collector.cluster.KafkaClients;
import dev.faultline.collector.cluster.analysis.AnalyzerNode;
import dev.faultline.collector.cluster.analysis.AnalyzerSettings;
import dev.faultline.collector.security.ExposureCheck;
import org.apache.kafka.clients.admin.Admin;
import dev.faultline.collector.config.CollectorConfig;
import dev.faultline.collector.config.ConfigException;
import dev.faultline.collector.config.ConfigKeys;
import dev.faultline.collector.config.ConfigLoader;
import dev.faultline.collector.live.LiveConfig;
import dev.faultline.collector.notify.NotificationConfig;
import dev.faultline.collector.reload.ConfigReloader;
import dev.faultline.collector.reload.SighupTrigger;
import dev.faultline.collector.security.Security;
import dev.faultline.collector.security.SecurityConfig;
import dev.faultline.collector.live.rca.RcaConfig;
import dev.faultline.collector.config.Durations;
import dev.faultline.collector.demo.AgentJarLocator;
import dev.faultline.collector.demo.DemoFault;
import dev.faultline.collector.demo.DemoFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline run}: the collector daemon, until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start the collector daemon: ingest port for agents, HTTP query port, data directory.",
        "Precedence: flags > --config file > defaults. Exit code 2 on a configuration error.",
        "The config's cluster: section makes this node a gateway, an analyzer or both (gateway,analyzer) of a Kafka"
            + " deployment (docs/scale-out.md); every role's query port takes security.query-tls and"
            + " security.query-tokens, with cluster.internal-token for the nodes' requests to each other."})
public final class RunCommand implements Callable<Integer> {

  private static final Logger log = Logger.getLogger(Collector.class.getName());

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see install/collector.yaml).")
  Path configFile;

  @Option(names = "--ingest-address", paramLabel = "HOST:PORT", description = "Overrides ingest.address (default 127.0.0.1:9470).")
  String ingestAddress;

  @Option(names = "--query-address", paramLabel = "HOST:PORT", description = "Overrides query.address (default 127.0.0.1:9471).")
  String queryAddress;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Overrides storage.data-dir (default ./faultline-data).")
  String dataDir;

  @Option(names = "--check-config", description = "Validate the configuration, print it and exit (0 valid, 2 invalid).")
  boolean checkConfig;

  @Option(names = "--demo", description = "Also start the demo fleet: four services in their own JVMs with the agent"
      + " attached, under steady load, reporting every 2 s. Stopped with the collector.")
  boolean demo;

  @Option(names = "--demo-fault-after", paramLabel = "DURATION|off", defaultValue = "6m", description = "With --demo:"
      + " inject " + DemoFault.FAULT + " into " + DemoFault.SERVICE + " this long after the start, once the detectors"
      + " have warmed up, so that an incident and its ranked root cause appear (default: ${DEFAULT-VALUE}; off: never).")
  String demoFaultAfter;

  @Option(names = "--agent-jar", paramLabel = "JAR", description = "Agent jar for --demo (default: next to this jar,"
      + " agent/target/faultline-agent.jar, or /opt/faultline/lib/faultline-agent.jar).")
  Path agentJar;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info", description = "One of " + LogSetup.LEVELS + " (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    CollectorConfig config;
    LiveConfig liveConfig;
    NotificationConfig notifications;
    SecurityConfig securityConfig;
    RcaConfig rcaConfig;
    ClusterConfig clusterConfig;
    Duration faultAfter;
    try {
      LogSetup.install(logLevel);
      faultAfter = demoFaultDelay();
      config = ConfigLoader.load(configFile, overrides());
      liveConfig = LiveConfig.fromMap(ConfigLoader.section(configFile, LiveConfig.SECTION));
      notifications = NotificationConfig.fromMap(ConfigLoader.section(configFile, NotificationConfig.SECTION));
      securityConfig = SecurityConfig.fromMap(ConfigLoader.section(configFile, SecurityConfig.SECTION));
      rcaConfig = RcaConfig.fromMap(ConfigLoader.section(configFile, RcaConfig.SECTION));
      clusterConfig = ClusterConfig.fromMap(ConfigLoader.section(configFile, ClusterConfig.SECTION));
      if (checkConfig) {
        Security.load(securityConfig); // reads every certificate, key and token the section names
        if (!clusterConfig.isSingle()) {
          InternalHop.from(clusterConfig, securityConfig); // the internal token and the CA of the nodes' hop
        }
      }
    } catch (ConfigException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("faultline: invalid configuration: " + e.getMessage());
      return 2;
    }
    if (checkConfig) {
      spec.commandLine().getOut().println("configuration ok: " + config + " " + liveConfig + " notifications: "
          + notifications.targets().size() + " targets " + notifications.targets().stream()
              .map(t -> t.name() + " (" + t.type().word() + " " + t.destination() + ")").toList() + " " + securityConfig
          + " " + rcaConfig + " " + clusterConfig);
      return 0;
    }
    if (clusterConfig.has(ClusterConfig.Role.ANALYZER) && !clusterConfig.has(ClusterConfig.Role.GATEWAY)) {
      return runAnalyzer(config, liveConfig, rcaConfig, securityConfig, clusterConfig);
    }
    Collector collector;
    try {
      collector = Collector.start(CollectorSettings.builder(config).live(liveConfig).rca(rcaConfig)
          .security(securityConfig).notifications(notifications).cluster(clusterConfig).build());
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("faultline: invalid configuration: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      spec.commandLine().getErr().println("faultline: cannot start the collector: " + describe(e));
      return 1;
    }
    DemoFleet fleet;
    DemoFault demoFault;
    try {
      fleet = demo ? startDemo(collector, config, securityConfig) : null;
      demoFault = fleet == null || faultAfter == null ? null : scheduleFault(fleet, collector, faultAfter);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("faultline: cannot start the demo fleet: " + e.getMessage());
      collector.close();
      return 1;
    }
    installReload(collector, config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      if (demoFault != null) {
        demoFault.close();
      }
      if (fleet != null) {
        fleet.close();
      }
      collector.close();
      stopped.countDown();
    }, "faultline-shutdown"));
    log.info(() -> "started" + (clusterConfig.isSingle() ? "" : " (" + clusterConfig.roleWords() + ")") + ": ingest on " + address(collector.ingestAddress()) + ", query on "
        + address(collector.queryAddress()) + ", data in " + config.dataDir().toAbsolutePath());
    stopped.await();
    return 0;
  }

  /**
   * {@code cluster.role: analyzer}: makes sure the topics exist, then runs an {@link AnalyzerNode} (the detectors
   * over the batches topic, a member of the global incident step, the query port) until stopped.
   */
  private int runAnalyzer(CollectorConfig config, LiveConfig liveConfig, RcaConfig rcaConfig,
      SecurityConfig securityConfig, ClusterConfig cluster) throws InterruptedException {
    AnalyzerNode node;
    Security security;
    InternalHop hop;
    try {
      hop = InternalHop.from(cluster, securityConfig);
      security = Security.load(InternalHop.admitting(securityConfig, cluster));
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("faultline: invalid configuration: " + e.getMessage());
      return 2;
    }
    try {
      try (Admin admin = Admin.create(KafkaClients.admin(cluster, 30_000))) {
        ClusterTopics.ensure(admin, ClusterTopics.specs(cluster), cluster.createTopics(), cluster.bootstrapServers(),
            Duration.ofSeconds(30));
      }
      node = AnalyzerNode.start(AnalyzerSettings.from(cluster, config, liveConfig, rcaConfig, security, hop));
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("faultline: cannot start the analyzer: " + describe(e));
      return 1;
    }
    String warning = ExposureCheck.warning("query port (query.address)", node.queryAddress(),
        security.queryTls() != null, security.queries().enabled(), "security.query-tls", "security.query-tokens");
    if (warning != null) {
      log.warning(warning);
    }
    installAnalyzerReload(config, security, securityConfig, cluster);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      node.close();
      stopped.countDown();
    }, "faultline-shutdown"));
    log.info(() -> "started: analyzer " + cluster.nodeId() + ", query on " + address(node.queryAddress())
        + ", data in " + config.dataDir().toAbsolutePath());
    stopped.await();
    return 0;
  }

  /**
   * SIGHUP on an analyzer reloads the query tokens (rotation, as on a single node); the internal token stays admitted.
   * Only those: the analyzer's detection settings take a restart.
   */
  private void installAnalyzerReload(CollectorConfig config, Security security, SecurityConfig securityConfig,
      ClusterConfig cluster) {
    if (configFile == null) {
      SighupTrigger.install(() -> log.info("SIGHUP: started without --config, nothing to reload"));
      return;
    }
    java.util.List<dev.faultline.collector.reload.Reloadable> parts = java.util.List.of(
        new dev.faultline.collector.reload.SecurityReloadable(security, securityConfig, System::getenv,
            next -> InternalHop.admitting(next, cluster)));
    ConfigReloader reloader = new ConfigReloader(configFile, overrides(), config, parts,
        new dev.faultline.collector.reload.ReloadStatus(), System::currentTimeMillis);
    SighupTrigger.install(reloader::reload);
  }

  /** SIGHUP reloads the file's reloadable parts; without --config there is nothing to reload, said once per HUP. */
  private void installReload(Collector collector, CollectorConfig config) {
    if (configFile == null) {
      SighupTrigger.install(() -> log.info("SIGHUP: started without --config, nothing to reload"));
      return;
    }
    ConfigReloader reloader = new ConfigReloader(configFile, overrides(), config, collector.reloadables(),
        collector.reloadStatus(), System::currentTimeMillis);
    SighupTrigger.install(reloader::reload);
  }

  private DemoFleet startDemo(Collector collector, CollectorConfig config, SecurityConfig security) {
    if (security.ingestTls() != null || !security.agentTokens().isEmpty()) {
      log.warning("the demo fleet's agents connect in plain TCP without a token; with security.ingest-tls or"
          + " security.agent-tokens set they are refused");
    }
    Path jar = agentJar != null ? agentJar : AgentJarLocator.locate().orElseThrow(() -> new IllegalStateException(
        "faultline-agent.jar not found; build it (mvn -DskipTests package) or pass --agent-jar"));
    DemoFleet fleet = DemoFleet.start(jar, address(collector.ingestAddress()), config.dataDir().resolve("demo-logs"),
        "2s");
    log.info(() -> "demo fleet started: " + fleet.endpoints() + "; try `install/faultline services`");
    return fleet;
  }

  /** The delay of the demo's fault, or null for none. */
  private Duration demoFaultDelay() {
    if (demoFaultAfter.equals("off")) {
      return null;
    }
    try {
      return Durations.parse(demoFaultAfter);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--demo-fault-after: invalid value '" + demoFaultAfter
          + "', expected a duration like 6m or 90s, or off");
    }
  }

  private static DemoFault scheduleFault(DemoFleet fleet, Collector collector, Duration after) {
    log.info(() -> "demo: in " + Durations.format(after) + " (once the detectors have warmed up) " + DemoFault.FAULT
        + " will be injected into " + DemoFault.SERVICE + "; --demo-fault-after off disables it");
    return DemoFault.schedule(fleet.endpoints(), after, address(collector.queryAddress()), log::info);
  }

  private Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    if (ingestAddress != null) o.put(ConfigKeys.INGEST_ADDRESS, ingestAddress);
    if (queryAddress != null) o.put(ConfigKeys.QUERY_ADDRESS, queryAddress);
    if (dataDir != null) o.put(ConfigKeys.STORAGE_DATA_DIR, dataDir);
    return o;
  }

  private static String address(java.net.InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
