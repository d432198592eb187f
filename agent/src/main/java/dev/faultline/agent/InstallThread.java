package dev.faultline.agent;

import dev.faultline.agent.config.AgentConfig;
import dev.faultline.agent.config.AgentConfigLoader;
import dev.faultline.agent.host.ThreadNiceness;
import dev.faultline.agent.instrument.InstrumentationHandle;
import dev.faultline.agent.internal.StartupTrace;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Installs the instrumentation on a thread of its own, {@code faultline-install}, at a
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

  private InstallThread() {}

  /**
   * Starts {@code faultline-install} and waits until it has registered the transformer; returns the instrumentation
   * (null when off or failed, see {@link AgentRuntime#installInstrumentation}). The catch-up goes on on that thread.
   */
  static InstrumentationHandle run(Instrumentation inst, AgentConfig config) throws InterruptedException {
    CompletableFuture<InstrumentationHandle> registered = new CompletableFuture<>();
    Thread thread = new Thread(() -> install(inst, config, registered), "faultline-install");
    thread.setDaemon(true);
    thread.start();
    try {
      return registered.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // not possible: install completes it with a value only
    }
  }

  private static void install(Instrumentation inst, AgentConfig config,
      CompletableFuture<InstrumentationHandle> registered) {
    AtomicReference<Runnable> catchUp = new AtomicReference<>();
    boolean mayLower = nativeAccessIsQuiet();
    try {
      int lowered = mayLower ? lower(REGISTRATION_NICENESS) : 0;
      registered.complete(AgentRuntime.installInstrumentation(inst, config, catchUp::set));
      if (catchUp.get() != null) {
        if (mayLower) {
          lower(CATCH_UP_NICENESS - lowered);
        }
        catchUp.get().run();
      }
    } finally {
      registered.complete(null); // installInstrumentation never throws; this only covers an Error on the way
    }
  }

  /**
   * Whether JNA (behind {@link ThreadNiceness}) may load without the JDK printing its restricted-method warning into
   * the application's stderr: before JDK 24, or with native access granted to unnamed modules
   * ({@code --enable-native-access=ALL-UNNAMED}; {@code Module.isNativeAccessEnabled}, JDK 22+, by reflection).
   */
  static boolean nativeAccessIsQuiet() {
    if (Runtime.version().feature() < AgentConfigLoader.FIRST_WARNING_JDK) {
      return true;
    }
    try {
      return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(InstallThread.class.getModule());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
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
