package dev.faultline.agent;

import dev.faultline.agent.bootstrap.ThreadPools;
import dev.faultline.agent.config.AgentConfig;
import dev.faultline.agent.config.AgentConfigLoader;
import dev.faultline.agent.host.HostMetrics;
import dev.faultline.agent.host.HostProbeLoader;
import dev.faultline.agent.instrument.InstrumentationHandle;
import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.Instrumenter;
import dev.faultline.agent.internal.AgentLog;
import dev.faultline.agent.internal.StartupTrace;
import dev.faultline.agent.internal.Throwables;
import dev.faultline.agent.jvm.JvmMetrics;
import dev.faultline.agent.jvm.ThreadPoolBusy;
import dev.faultline.agent.net.AgentIdentity;
import dev.faultline.agent.net.CollectorClient;
import dev.faultline.agent.series.SampleCollector;
import dev.faultline.agent.series.SeriesRegistry;
import dev.faultline.proto.v1.AgentKind;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Builds and starts the agent: configuration, series registry, collectors, sender, metrics loop and the shutdown
 * hook. Used by the {@code -javaagent} (JVM and host metrics) and by the stand-alone host probe (host only).
 */
public final class AgentRuntime {

  /** The shutdown hook may delay the JVM's exit by at most about this much in total. */
  static final long SHUTDOWN_BUDGET_MILLIS = 900;

  /** How long a JVM agent waits after installing the instrumentation before it sets up reporting. */
  static final long REPORTING_DELAY_MILLIS = 3_000;

  private static final List<String> LIBRARIES = InstrumentationSettings.LIBRARIES;

  /** byte-buddy's {@code net.bytebuddy.safe} as the relocated copy in the shaded jar reads it. */
  static final String RELOCATED_BYTE_BUDDY_SAFE = "dev.faultline.agent.shaded.net.bytebuddy.safe";

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
      StartupTrace.mark("agent thread started");
      AgentConfig config = AgentConfigLoader.fromSystem(agentArgs, AgentLog::warn, HostNames::local);
      StartupTrace.mark("configuration read");
      if (!config.enabled()) {
        return;
      }
      instrumentation = inst;
      boolean instrument = config.instrumentation() && inst != null;
      start(config, AgentKind.AGENT_KIND_JVM, instrument ? InstallThread.run(inst, config) : null);
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
    return start(config, kind, null);
  }

  /**
   * Installs the byte-code instrumentation as configured; null when it is switched off or could not be installed
   * (the agent then reports JVM and host metrics only). Returns once the transformer is registered and hands the
   * catch-up (the classes loaded before, warm-ups) to {@code catchUp}. Must run before anything else of the agent
   * loads a class of {@code dev.faultline.agent.bootstrap} (see agent/INSTRUMENTATION.md): it is the first step
   * after reading the configuration.
   */
  static InstrumentationHandle installInstrumentation(Instrumentation inst, AgentConfig config, Executor catchUp) {
    if (!config.instrumentation() || inst == null) {
      return null;
    }
    try {
      if (Runtime.version().feature() >= 24) {
        // byte-buddy's "safe" mode (no sun.misc.Unsafe): on JDK 24+ any use prints a four-line warning into the
        // application's stderr. The name is that of the relocated copy, so the application's byte-buddy is untouched.
        System.setProperty(RELOCATED_BYTE_BUDDY_SAFE, "true");
      }
      InstrumentationSettings.Builder settings = InstrumentationSettings.builder(config.service());
      config.instrumentationDisabled().forEach(settings::disable);
      settings.methods(config.instrumentationMethods());
      return Instrumenter.install(inst, settings.build(), catchUp);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      AgentLog.warn("instrumentation not installed (" + Throwables.describe(t) + "); JVM metrics continue");
      return null;
    }
  }

  /** As {@link #start(AgentConfig, AgentKind)}, also reporting {@code instrumentation} (may be null). */
  static AgentRuntime start(AgentConfig config, AgentKind kind, InstrumentationHandle instrumentation) {
    boolean jvm = kind == AgentKind.AGENT_KIND_JVM;
    AgentLog.warn((jvm ? "agent " : "host probe ") + AgentIdentity.AGENT_VERSION + " reporting to "
        + config.collectors().get(0) + (jvm ? " as service " + config.service() : "") + ", instance "
        + config.instance() + ", every " + config.interval().toMillis() + " ms"
        + (jvm ? instrumentationState(config, instrumentation) : "")
        + (config.hostMetricsNote().isEmpty() ? "" : "; " + config.hostMetricsNote()));
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
    if (jvm && !awaitApplicationStart(config.interval().toMillis())) {
      return null;
    }
    StartupTrace.summary("before reporting set-up");
    NettySettings.apply();
    io.netty.handler.ssl.SslContext tls;
    try {
      tls = dev.faultline.agent.net.ClientTls.context(config.tls());
    } catch (javax.net.ssl.SSLException | RuntimeException e) {
      // Never fall back to plain TCP when TLS was asked for: report nothing rather than report in clear text.
      AgentLog.warn("TLS to the collector cannot be set up (" + Throwables.describe(e) + "); not reporting");
      return null;
    }
    SeriesRegistry registry = new SeriesRegistry();
    AgentIdentity identity = new AgentIdentity(kind, jvm ? config.service() : "", config.instance(), config.host(),
        config.token());
    CollectorClient client = new CollectorClient(config.collectors(), identity, registry, config.bufferBytes(),
        tls);
    client.start();
    List<SampleCollector> collectors = new ArrayList<>();
    ThreadPoolBusy pools = null;
    if (jvm) {
      collectors.add(JvmMetrics.forThisJvm(registry));
      pools = new ThreadPoolBusy(registry, ThreadPools::pools);
      collectors.add(pools);
    }
    if (config.hostMetrics()) {
      HostMetrics host = loadHostMetrics(registry);
      if (host != null) {
        collectors.add(host);
      }
    }
    MetricsLoop loop = new MetricsLoop(registry, collectors, instrumentation, client);
    loop.start(config.interval());
    if (pools != null) {
      loop.sampleEvery(pools::sample, ThreadPoolBusy.SAMPLE_MILLIS);
    }
    AgentRuntime runtime = new AgentRuntime(client, loop);
    started.set(runtime);
    StartupTrace.mark("reporting set up");
    return runtime;
  }

  /**
   * Waits {@link #REPORTING_DELAY_MILLIS} (at most half an interval) before the reporting set-up (TLS, Netty, the
   * connection, protobuf, JVM and host metrics: ~600 classes and, with the JIT compilations they cause, ~1.3 s of
   * CPU on the 2-core test machine, see BENCHMARKS.md), so that it does not compete for the CPU with the
   * application's own start-up; nothing is reported before the first interval anyway. The price: a JVM that exits
   * within that time reports nothing. False when the JVM began to exit meanwhile.
   */
  private static boolean awaitApplicationStart(long intervalMillis) {
    try {
      Thread.sleep(Math.min(REPORTING_DELAY_MILLIS, intervalMillis / 2));
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String instrumentationState(AgentConfig config, InstrumentationHandle handle) {
    if (!config.instrumentation()) {
      return "; instrumentation off";
    }
    if (handle == null) {
      return "; instrumentation failed";
    }
    List<String> active = new ArrayList<>();
    for (String library : LIBRARIES) {
      if (handle.active(library)) {
        active.add(library);
      }
    }
    return "; instrumenting " + (active.isEmpty() ? "nothing" : String.join(",", active));
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
