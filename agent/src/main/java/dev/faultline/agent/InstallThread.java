package dev.faultline.agent;

import dev.faultline.agent.config.AgentConfig;
import dev.faultline.agent.config.AgentConfigLoader;
import dev.faultline.agent.host.ThreadNiceness;
import dev.faultline.agent.instrument.InstrumentationHandle;
import dev.faultline.agent.internal.AgentLog;
import dev.faultline.agent.internal.StartupTrace;
import dev.faultline.agent.internal.Throwables;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the configuration and installs the instrumentation on a thread of its own, {@code faultline-install}, at a
 * lower priority than the JVM's, so that the installation (~1 s of CPU on the 2-core test machine, see
 * BENCHMARKS.md) takes the CPU the application's start-up leaves idle rather than an equal share of it. Two steps,
 * both relative to the JVM's nice value and only ever lower (no privilege needed, none asked for):
 * {@link #REGISTRATION_NICENESS} until the transformer is registered, then {@link #CATCH_UP_NICENESS} for the
 * catch-up work no one waits for (retransforming the classes loaded before, warm-ups). Only this thread is lowered,
 * through {@link ThreadNiceness}; it ends after its work, and {@code faultline-start}, which starts the reporting
 * threads later, keeps the JVM's priority. It is never raised back: that needs CAP_SYS_NICE (or RLIMIT_NICE),
 * which a default container lacks, so the bound on the registration's delay is the moderate first step instead.
 */
final class InstallThread {

  /**
   * Nice levels above the JVM's until the transformer is registered: at +5 a thread's CFS weight is about a third of
   * a normal one's. Chosen by StartupBench figures against 0 and 10 (BENCHMARKS.md); the property is for such
   * measurements.
   */
  static final int REGISTRATION_NICENESS = Integer.getInteger("dev.faultline.debug.registrationNiceness", 5);

  /** Nice levels above the JVM's for the catch-up (about a tenth of a normal thread's weight at +10). */
  static final int CATCH_UP_NICENESS = Integer.getInteger("dev.faultline.debug.catchUpNiceness", 10);

  /** What {@code faultline-start} needs to go on: the configuration and the instrumentation (null if off). */
  record Registered(AgentConfig config, InstrumentationHandle handle) {}

  private InstallThread() {}

  /**
   * Starts {@code faultline-install} and waits until the transformer is registered (or the instrumentation is off
   * or failed); the catch-up goes on on that thread. Throws what reading the configuration threw.
   */
  static Registered run(String agentArgs, Instrumentation inst) throws Exception {
    CompletableFuture<Registered> registered = new CompletableFuture<>();
    Thread thread = new Thread(() -> install(agentArgs, inst, registered), "faultline-install");
    thread.setDaemon(true);
    thread.start();
    try {
      return registered.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static void install(String agentArgs, Instrumentation inst, CompletableFuture<Registered> registered) {
    try {
      // JNA (behind ThreadNiceness) must not make JDK 24+ print its restricted-method warning: there only where
      // host metrics may load it too (native access granted), which the configuration says.
      boolean early = Runtime.version().feature() < AgentConfigLoader.FIRST_WARNING_JDK;
      int lowered = early ? lower(REGISTRATION_NICENESS) : 0;
      AgentConfig config = AgentConfigLoader.fromSystem(agentArgs, AgentLog::warn, HostNames::local);
      StartupTrace.mark("configuration read");
      boolean mayLower = early || config.hostMetricsNote().isEmpty();
      if (!early && mayLower) {
        lowered = lower(REGISTRATION_NICENESS);
      }
      AtomicReference<Runnable> catchUp = new AtomicReference<>();
      InstrumentationHandle handle = config.enabled()
          ? AgentRuntime.installInstrumentation(inst, config, catchUp::set) : null;
      registered.complete(new Registered(config, handle));
      if (catchUp.get() != null) {
        if (mayLower) {
          lower(CATCH_UP_NICENESS - lowered);
        }
        catchUp.get().run();
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      registered.completeExceptionally(t);
    }
  }

  /** Lowers this thread by {@code steps} nice levels; returns by how many it was lowered (0 when unchanged). */
  private static int lower(int steps) {
    if (steps <= 0) {
      return 0;
    }
    int niceness = ThreadNiceness.lowerCurrentThread(steps, InstallThread.class.getClassLoader());
    StartupTrace.mark(niceness < 0 ? "priority unchanged" : "lowered to nice " + niceness);
    return niceness < 0 ? 0 : steps;
  }
}
