package dev.faultline.agent.host;

import dev.faultline.agent.internal.Throwables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lowers the calling thread's scheduling priority (its Linux nice value), so that agent work nobody waits for uses
 * the CPU the application leaves idle instead of an equal share of it while the application starts.
 *
 * <p>The JDK has no API for it ({@code Thread.setPriority} is ignored on Linux without
 * {@code -XX:ThreadPriorityPolicy=1} and root), so it calls libc's {@code setpriority} through the host probe's JNA
 * ({@link HostProbeLoader#setPriority}), in-process. On Linux, {@code setpriority(PRIO_PROCESS, tid, ...)} applies
 * to that one thread, not the process, and lowering a priority (a higher nice value) needs no privilege. Threads inherit their
 * creator's nice value, so only a thread that ends after its work should be lowered. Not Linux, JNA unavailable
 * or refused: nothing changes, and one FINE log line says why.
 */
public final class ThreadNiceness {

  private static final Logger logger = Logger.getLogger(ThreadNiceness.class.getName());

  /** The lowest priority Linux has. */
  static final int LOWEST = 19;

  private ThreadNiceness() {}

  /**
   * Sets the calling thread's nice value to its current one plus {@code steps} (19 at most). Returns the nice value
   * it now has, or -1 when it is unchanged. Never throws.
   */
  public static int lowerCurrentThread(int steps, ClassLoader agentLoader) {
    try {
      if (steps <= 0 || !System.getProperty("os.name", "").startsWith("Linux")) {
        logger.fine("Faultline: thread priority unchanged (not Linux, or no steps)");
        return -1;
      }
      int threadId = currentThreadId();
      int current = niceness(Path.of("/proc/thread-self/stat"));
      int target = Math.min(LOWEST, current + steps);
      if (target <= current) {
        logger.fine("Faultline: thread priority unchanged, already at nice " + current);
        return -1;
      }
      int result = HostProbeLoader.setPriority(agentLoader).applyAsInt(threadId, target);
      if (result != 0) {
        logger.fine("Faultline: thread priority unchanged, setpriority refused");
        return -1;
      }
      return target;
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      logger.log(Level.FINE, "Faultline: thread priority unchanged", t);
      return -1;
    }
  }

  /** The calling thread's kernel thread id, from {@code /proc/thread-self} ("PID/task/TID"). */
  static int currentThreadId() throws IOException {
    return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
  }

  /** The nice value in a {@code /proc/.../stat} file (its 19th field). Visible for tests. */
  static int niceness(Path stat) throws IOException {
    String line = Files.readString(stat);
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }
}
