package dev.faultline.agent;

import dev.faultline.agent.config.AgentConfig;
import dev.faultline.agent.config.AgentConfigLoader;
import dev.faultline.agent.host.HostMetrics;
import dev.faultline.agent.host.HostProbeLoader;
import dev.faultline.agent.internal.AgentLog;
import dev.faultline.agent.internal.Throwables;
import dev.faultline.agent.jvm.JvmMetrics;
import dev.faultline.agent.net.AgentIdentity;
import dev.faultline.agent.net.CollectorClient;
import dev.faultline.agent.series.SampleCollector;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.proto.v1.AgentKind;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Builds and starts the agent: configuration, series registry, collectors, sender, metrics loop and the shutdown
 * hook. Used by the {@code -javaagent} (JVM and host metrics) and by the stand-alone host probe (host only).
 */
public final class AgentRuntime {

  /** The shutdown hook may delay the JVM's exit by at most about this much in total. */
  static final long SHUTDOWN_BUDGET_MILLIS = 900;

  private static volatile Instrumentation instrumentation;
  private static volatile boolean stopping;

  private final CollectorClient client;
  private final MetricsLoop loop;

  private AgentRuntime(CollectorClient client, MetricsLoop loop) {
    this.client = client;
    this.loop = loop;
  }

  /** The JVM's instrumentation handle, for byte-code instrumentation; null in the host probe. */
  public static Instrumentation instrumentation() {
    return instrumentation;
  }

  /** Called on the {@code faultline-start} thread by {@link FaultlineAgent}; never throws. */
  static void startJvmAgent(String agentArgs, Instrumentation inst) {
    try {
      AgentConfig config = AgentConfigLoader.fromSystem(agentArgs, AgentLog::warn, HostNames::local);
      if (!config.enabled()) {
        return;
      }
      instrumentation = inst;
      start(config, AgentKind.AGENT_KIND_JVM);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      if (stopping) {
        return; // The JVM began to exit while the agent was starting: nothing to report.
      }
      AgentLog.warn("agent not started: " + Throwables.describe(t));
    }
  }

  /**
   * Starts reporting with the given configuration; JVM metrics for {@code AGENT_KIND_JVM}, host metrics when
   * configured. Returns the running agent, which stops by itself at JVM shutdown, or null when the JVM is
   * already exiting.
   */
  public static AgentRuntime start(AgentConfig config, AgentKind kind) {
    boolean jvm = kind == AgentKind.AGENT_KIND_JVM;
    AgentLog.warn((jvm ? "agent " : "host probe ") + AgentIdentity.AGENT_VERSION + " reporting to "
        + config.collectors().get(0) + (jvm ? " as service " + config.service() : "") + ", instance "
        + config.instance() + ", every " + config.interval().toMillis() + " ms");
    // Registered first: an application that exits while the agent is still starting must not get
    // half-started threads or stderr noise from start-up steps that fail because of the shutdown.
    AtomicReference<AgentRuntime> started = new AtomicReference<>();
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stopping = true;
        AgentRuntime r = started.get();
        if (r != null) {
          r.shutdown();
        }
      }, "faultline-shutdown"));
    } catch (IllegalStateException e) {
      return null; // The JVM is already exiting; there is nothing left to monitor.
    }
    NettySettings.apply();
    SeriesRegistry registry = new SeriesRegistry();
    AgentIdentity identity = new AgentIdentity(kind, jvm ? config.service() : "", config.instance(), config.host(),
        config.token());
    CollectorClient client = new CollectorClient(config.collectors(), identity, registry, config.bufferBytes());
    client.start();
    List<SampleCollector> collectors = new ArrayList<>();
    if (jvm) {
      collectors.add(JvmMetrics.forThisJvm(registry));
    }
    if (config.hostMetrics()) {
      HostMetrics host = loadHostMetrics(registry);
      if (host != null) {
        collectors.add(host);
      }
    }
    MetricsLoop loop = new MetricsLoop(registry, collectors, client);
    loop.start(config.interval());
    AgentRuntime runtime = new AgentRuntime(client, loop);
    started.set(runtime);
    return runtime;
  }

  private static HostMetrics loadHostMetrics(SeriesRegistry registry) {
    try {
      Supplier<Map<String, Double>> sampler = HostProbeLoader.load(AgentRuntime.class.getClassLoader());
      return new HostMetrics(registry, sampler, System::nanoTime);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      if (stopping) {
        return null;
      }
      AgentLog.warn("host metrics disabled, OSHI could not be loaded (" + Throwables.describe(t)
          + "); JVM metrics continue");
      return null;
    }
  }

  /** Best-effort final report: one last collection, a short wait for acks, goodbye. Bounded by the budget. */
  void shutdown() {
    try {
      long deadline = System.currentTimeMillis() + SHUTDOWN_BUDGET_MILLIS;
      loop.stop(250);
      client.flush(Math.max(0, deadline - System.currentTimeMillis() - 150));
      client.close(Math.max(10, deadline - System.currentTimeMillis()));
    } catch (Throwable t) {
      // Nothing useful can be done at exit.
    }
  }
}
