package dev.faultline.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code -javaagent} entry point ({@code Premain-Class} and {@code Agent-Class}).
 *
 * <p>Deliberately tiny: it refers to nothing but the JDK and {@link AgentRuntime}, starts the agent on a daemon
 * thread so that the application's start-up is not delayed by configuration, host-name lookups or class loading,
 * and catches every {@link Throwable}, because an exception out of {@code premain} aborts the application's JVM.
 * A monitoring agent must never be the reason an application does not start.
 */
public final class FaultlineAgent {

  private static final AtomicBoolean started = new AtomicBoolean();

  private FaultlineAgent() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  private static void start(String agentArgs, Instrumentation instrumentation) {
    try {
      if (!started.compareAndSet(false, true)) {
        return;
      }
      Thread starter = new Thread(() -> AgentRuntime.startJvmAgent(agentArgs, instrumentation), "faultline-start");
      starter.setDaemon(true);
      starter.start();
    } catch (Throwable t) {
      try {
        System.err.println("faultline: agent not started: " + t);
      } catch (Throwable ignored) {
        // Nothing left to do; never throw into the JVM.
      }
    }
  }
}
