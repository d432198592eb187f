package dev.faultline.agent.jvm;

/** Process-wide facts: CPU time, cores, uptime and loaded classes. */
public interface ProcessSource {

  /** CPU time used by the process so far, in nanoseconds; negative when the platform cannot tell. */
  long cpuNanos();

  /** Cores available to the JVM. */
  int processors();

  long uptimeMillis();

  long classesLoaded();
}
